package dev.pims.server.console;

import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.Digests;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.limits.AddressLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Console sign-in and sessions. A session is a random 256-bit value in an HttpOnly cookie; the table
 * {@code console_sessions} holds only its SHA-256, so every node behind a balancer knows every session and a
 * sign-out ends it everywhere. A session ends after {@link #idle} without a request or {@link #absolute} after
 * sign-in, whichever comes first ({@link ConsoleConfig}: server settings). Failed sign-ins are counted per client address (an IPv6 /64 as one) in memory on
 * each node ({@code limits.AddressLimiter}, {@value #FAILURE_BUCKET}): {@value #MAX_FAILURES} failures empty the
 * address's budget, which refills evenly over {@value #FAILURE_WINDOW_MINUTES} minutes; without budget the address is
 * refused, right token or not, and the refusal writes nothing.
 */
public final class ConsoleSessions {
    public static final String FAILURE_BUCKET = "console.signin.failures";
    public static final int MAX_FAILURES = 10;
    public static final int FAILURE_WINDOW_MINUTES = 15;
    /** last_seen_at is written at most this often per session (a page load is not a database write each time). */
    private static final long TOUCH_EVERY_MS = 15_000;
    private final Database db;
    private final AddressLimiter limiter;
    private final AuditLog audit;
    private final RandomTokens random;
    private final Clock clock;
    private final String adminToken;
    private final Duration idle;
    private final Duration absolute;

    public ConsoleSessions(Database db, AddressLimiter limiter, AuditLog audit, RandomTokens random, Clock clock,
            String adminToken, Duration idle, Duration absolute) {
        this.db = db;
        this.limiter = limiter;
        this.audit = audit;
        this.random = random;
        this.clock = clock;
        this.adminToken = adminToken;
        this.idle = idle;
        this.absolute = absolute;
    }

    /** A signed-in browser: {@code csrf} is the token its forms must carry. */
    public record Session(String idHash, long createdAt, String csrf) {
        @Override
        public String toString() {
            return "ConsoleSession[" + createdAt + "]";
        }
    }

    public sealed interface SignIn {
        /** {@code secret}: the cookie value (shown to nobody else, stored nowhere). */
        record Ok(String secret) implements SignIn {
            @Override
            public String toString() {
                return "Ok";
            }
        }

        record Refused() implements SignIn { }

        record Throttled(long retryAfterSeconds) implements SignIn { }
    }

    public Duration idle() {
        return idle;
    }

    public Duration absolute() {
        return absolute;
    }

    /** Checks the admin token (constant time) unless {@code address} is throttled; opens a session when right. */
    public SignIn signIn(String token, String address) {
        long now = clock.millis();
        // the failure budget is per node, in memory (limits.AddressLimiter): a throttled attempt writes nothing
        AddressLimiter.Decision budget = limiter.peek(address);
        if (!budget.allowed()) {
            return new SignIn.Throttled(budget.retryAfterSeconds());
        }
        return db.inTransaction(sql -> {
            if (!Digests.tokenEquals(adminToken, token)) {
                limiter.charge(address);
                audit.record(sql, null, null, "console.signin", "NOK:token");
                return new SignIn.Refused();
            }
            sql.update("DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?",
                    now - idle.toMillis(), now - absolute.toMillis());
            String secret = random.urlToken(32);
            sql.update("INSERT INTO console_sessions (id_hash, created_at, last_seen_at) VALUES (?,?,?)",
                    Digests.sha256Hex(secret), now, now);
            audit.record(sql, null, null, "console.signin", "OK");
            return new SignIn.Ok(secret);
        });
    }

    /** The live session of this cookie value; an expired one is deleted and absent. Counts as activity. */
    public Optional<Session> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = Digests.sha256Hex(secret);
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<long[]> row = sql.one("SELECT created_at, last_seen_at FROM console_sessions WHERE id_hash = ?",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)}, hash);
            if (row.isEmpty()) {
                return Optional.<Session>empty();
            }
            long created = row.get()[0];
            long lastSeen = row.get()[1];
            if (now - lastSeen > idle.toMillis() || now - created > absolute.toMillis()) {
                sql.update("DELETE FROM console_sessions WHERE id_hash = ?", hash);
                audit.record(sql, null, null, "console.session.expired",
                        now - created > absolute.toMillis() ? "absolute" : "idle");
                return Optional.<Session>empty();
            }
            if (now - lastSeen >= TOUCH_EVERY_MS) {
                sql.update("UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ?", now, hash);
            }
            return Optional.of(new Session(hash, created, csrfToken(secret)));
        });
    }

    public void signOut(Session session) {
        db.inTransaction(sql -> {
            sql.update("DELETE FROM console_sessions WHERE id_hash = ?", session.idHash());
            audit.record(sql, null, null, "console.signout", "OK");
            return null;
        });
    }

    /**
     * The CSRF token of a session: derived from the cookie value (which only this browser and no table holds),
     * so it needs no storage and cannot be computed from anything an attacker can read.
     */
    static String csrfToken(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("pims.console.csrf\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a submitted CSRF token with the session's. */
    public static boolean csrfMatches(Session session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrf().getBytes(StandardCharsets.US_ASCII),
                submitted.getBytes(StandardCharsets.UTF_8));
    }
}
