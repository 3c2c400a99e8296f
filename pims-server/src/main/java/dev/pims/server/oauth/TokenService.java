package dev.pims.server.oauth;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.PasswordHasher;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * OAuth2-style tokens for the account API. Tokens are 32 random bytes (base64url), stored only as keyed
 * HMACs. A password grant starts a family (access + refresh + id token); a refresh revokes the family's live
 * tokens and issues a new set in the same family (rotation). Presenting a refresh token that was already
 * rotated or revoked revokes the whole family (theft detection). Revocation revokes the family.
 */
public final class TokenService {
    public static final long ACCESS_SECONDS = 3600;
    public static final long REFRESH_SECONDS = 30L * 24 * 3600;
    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";
    private static final String ID = "id";
    private final Database db;
    private final AccountRepository accounts;
    private final PasswordHasher passwords;
    private final PasswordPool pool;
    private final LoginThrottle throttle;
    private final SecretBox box;
    private final RandomTokens random;
    private final AuditLog audit;
    private final Clock clock;
    private final String dummyHash;

    public TokenService(Database db, AccountRepository accounts, PasswordHasher passwords, PasswordPool pool,
            LoginThrottle throttle, SecretBox box, RandomTokens random, AuditLog audit, Clock clock) {
        this.pool = pool;
        this.throttle = throttle;
        this.db = db;
        this.accounts = accounts;
        this.passwords = passwords;
        this.dummyHash = passwords.hash("not a password of anyone");
        this.box = box;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
    }

    public record Issued(String accessToken, String refreshToken, String idToken, long expiresIn, String login) {
        @Override
        public String toString() {
            return "Issued[" + login + "]";
        }
    }

    /** The outcome of a password grant. */
    public sealed interface Grant {
        record Granted(Issued issued, String knownClientToken) implements Grant {
            @Override
            public String toString() {
                return "Granted[" + issued.login() + "]";
            }
        }
        /** invalid_grant: unknown login, wrong password, locked budget or blocked account (one answer). */
        record Refused() implements Grant { }
        /** The password pool is full: HTTP 503 with {@code Retry-After}. */
        record Busy(long retryAfterSeconds) implements Grant { }
    }

    /**
     * Password grant. The hash runs on the bounded {@link PasswordPool}, for unknown logins too (against a
     * dummy hash), so that answers and timing are the same; the failure is counted exactly on the account row
     * (or on the known client's row, {@link LoginThrottle}) under the account row lock.
     */
    public Grant passwordGrant(String clientId, String username, String password, String knownClientToken) {
        long now = clock.millis();
        LoginThrottle.Budget budget = new LoginThrottle.Budget(username,
                throttle.knownClient(knownClientToken, username));
        Optional<Account> account = username.length() > 128 ? Optional.empty()
                : db.inTransaction(sql -> accounts.find(sql, username));
        Optional<String> hash = account.flatMap(Account::passwordHash);
        PasswordPool.Result checked = pool.verify(password, hash.orElseGet(this::dummyHash));
        if (checked instanceof PasswordPool.Result.Busy busy) {
            return new Grant.Busy(busy.retryAfterSeconds());
        }
        boolean matches = ((PasswordPool.Result.Done) checked).matches() && hash.isPresent();
        return db.inTransaction(sql -> {
            if (account.isEmpty()) {
                audit.record(sql, null, null, "oauth.password", "invalid_grant");
                return new Grant.Refused();
            }
            Optional<Account> locked = accounts.lock(sql, username);
            if (locked.isEmpty()) {
                return new Grant.Refused();
            }
            LoginThrottle.Budget b = throttle.knownClientExists(sql, budget) ? budget
                    : new LoginThrottle.Budget(username, Optional.empty());
            if (throttle.lockedUntil(sql, b, now).isPresent()) {
                audit.record(sql, username, null, "oauth.password", "invalid_grant:locked");
                return new Grant.Refused();
            }
            if (!matches) {
                throttle.failure(sql, b, now);
                audit.record(sql, username, null, "oauth.password", "invalid_grant");
                return new Grant.Refused();
            }
            if (locked.get().state() == AccountState.BLOCKED) {
                audit.record(sql, username, null, "oauth.password", "invalid_grant:blocked");
                return new Grant.Refused();
            }
            String known = throttle.success(sql, b, now);
            Issued issued = issue(sql, random.hex(16), username, clientId);
            audit.record(sql, username, null, "oauth.password", "OK");
            return new Grant.Granted(issued, known);
        });
    }

    /** Empty = invalid_grant. */
    public Optional<Issued> refresh(String clientId, String refreshToken) {
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<TokenRow> row = find(sql, refreshToken);
            if (row.isEmpty() || !row.get().kind().equals(REFRESH) || !row.get().clientId().equals(clientId)) {
                return Optional.empty();
            }
            TokenRow t = row.get();
            if (t.revokedAt() != null) {
                revokeFamily(sql, t.family(), now);
                audit.record(sql, t.login(), null, "oauth.refresh", "reused:family_revoked");
                return Optional.empty();
            }
            Optional<Account> owner = accounts.find(sql, t.login());
            if (owner.isPresent() && owner.get().state() == AccountState.BLOCKED) {
                audit.record(sql, t.login(), null, "oauth.refresh", "blocked");
                return Optional.empty();
            }
            if (now >= t.expiresAt() || owner.isEmpty()) {
                audit.record(sql, t.login(), null, "oauth.refresh", "expired");
                return Optional.empty();
            }
            if (sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", now,
                    t.hash()) != 1) {
                return Optional.empty();
            }
            revokeFamily(sql, t.family(), now);
            Issued issued = issue(sql, t.family(), t.login(), clientId);
            audit.record(sql, t.login(), null, "oauth.refresh", "OK");
            return Optional.of(issued);
        });
    }

    /** Revokes the family of {@code token} when it was issued to {@code clientId}; silent otherwise. */
    public void revoke(String clientId, String token) {
        long now = clock.millis();
        db.inTransaction(sql -> {
            Optional<TokenRow> row = find(sql, token);
            if (row.isPresent() && row.get().clientId().equals(clientId)) {
                revokeFamily(sql, row.get().family(), now);
                audit.record(sql, row.get().login(), null, "oauth.revoke", "OK");
            }
            return null;
        });
    }

    /** The account a live access token belongs to, and whether an administrator has blocked it. */
    public record Bearer(String login, boolean blocked) { }

    /** The owner of a live access token; the account's state is read with it, at every use. */
    public Optional<Bearer> authenticate(String accessToken) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > 256) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.inTransaction(sql -> sql.one("SELECT t.login, a.state FROM oauth_tokens t JOIN accounts a"
                + " ON a.login = t.login WHERE t.token_hash = ? AND t.kind = ? AND t.revoked_at IS NULL"
                + " AND t.expires_at > ?", rs -> new Bearer(rs.getString(1),
                        AccountState.BLOCKED.name().equals(rs.getString(2))), hash(accessToken), ACCESS, now));
    }

    private Issued issue(Sql sql, String family, String login, String clientId) throws SQLException {
        long now = clock.millis();
        sql.update("DELETE FROM oauth_tokens WHERE login = ? AND expires_at < ?", login, now - 24L * 3600 * 1000);
        String access = store(sql, ACCESS, family, login, clientId, now, now + ACCESS_SECONDS * 1000);
        String refresh = store(sql, REFRESH, family, login, clientId, now, now + REFRESH_SECONDS * 1000);
        String id = store(sql, ID, family, login, clientId, now, now + ACCESS_SECONDS * 1000);
        return new Issued(access, refresh, id, ACCESS_SECONDS, login);
    }

    private String store(Sql sql, String kind, String family, String login, String clientId, long now, long expires)
            throws SQLException {
        String token = random.urlToken(32);
        sql.update("INSERT INTO oauth_tokens (token_hash, kind, family, login, client_id, issued_at, expires_at,"
                + " revoked_at) VALUES (?,?,?,?,?,?,?,?)", hash(token), kind, family, login, clientId, now, expires,
                Sql.nullableLong(null));
        return token;
    }

    private void revokeFamily(Sql sql, String family, long now) throws SQLException {
        sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL", now, family);
    }

    private record TokenRow(String hash, String kind, String family, String login, String clientId, long expiresAt,
            Long revokedAt) { }

    private Optional<TokenRow> find(Sql sql, String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        return sql.one("SELECT token_hash, kind, family, login, client_id, expires_at, revoked_at FROM oauth_tokens"
                + " WHERE token_hash = ?", rs -> new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), Sql.getNullableLong(rs, "revoked_at")), hash(token));
    }

    private String hash(String token) {
        return box.lookupHash("oauth-token", token);
    }

    /** Computed once at start (off any request), so that unknown logins cost one full hash like known ones. */
    private String dummyHash() {
        return dummyHash;
    }
}
