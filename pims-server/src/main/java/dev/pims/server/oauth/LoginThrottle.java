package dev.pims.server.oauth;

import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Exact counting of wrong passwords, in the database so that it holds across nodes and whatever the number
 * of client addresses (docs/security.md, "Password login"). Each budget allows {@value #FREE_FAILURES}
 * consecutive failures; each further failure locks it for {@value #FIRST_LOCK_SECONDS} s, doubled every time,
 * at most {@value #MAX_LOCK_SECONDS} s. A lock refuses every password, the right one included, and counts
 * nothing more. A success clears the budget.
 *
 * <p>Two kinds of budget, so that a guesser cannot lock the real user out: the account's own (every login
 * without a known-client token), and one per <b>known client</b>. A successful password login hands the
 * client a known-client token ({@code kc1.<id>.<mac>}, keyed MAC under the master key); presenting it on a
 * later login uses that client's budget instead of the account's. Guessing from anywhere else locks only the
 * account's budget; the user's own app keeps logging in (and the refresh-token path never needed a password).
 * A stolen known-client token gives its holder one more budget with the same back-off, nothing else.
 */
public final class LoginThrottle {
    public static final int FREE_FAILURES = 5;
    public static final long FIRST_LOCK_SECONDS = 30;
    public static final long MAX_LOCK_SECONDS = 3600;
    /** Known clients kept per account (the least recently used are forgotten). */
    static final int KNOWN_PER_ACCOUNT = 10;
    private static final Pattern TOKEN = Pattern.compile("kc1\\.([0-9a-f]{32})\\.([0-9a-f]{64})");
    private final SecretBox box;
    private final RandomTokens random;

    public LoginThrottle(SecretBox box, RandomTokens random) {
        this.box = box;
        this.random = random;
    }

    /** The budget a login attempt is charged to: the account's, or a known client's ({@code clientId}). */
    public record Budget(String login, Optional<String> knownClient) { }

    /** The known client a token names, when the token is genuine and was issued to {@code login}. */
    public Optional<String> knownClient(String token, String login) {
        if (token == null) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token);
        if (!m.matches()) {
            return Optional.empty();
        }
        byte[] expected = mac(m.group(1), login).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII))
                ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The end of the budget's lock, if locked now. */
    public Optional<Long> lockedUntil(Sql sql, Budget b, long now) throws SQLException {
        Optional<Long> until = b.knownClient().isPresent()
                ? sql.one("SELECT locked_until FROM known_clients WHERE id = ? AND login = ?",
                        rs -> zeroIfNull(rs, "locked_until"), b.knownClient().get(), b.login())
                : sql.one("SELECT login_locked_until FROM accounts WHERE login = ?",
                        rs -> zeroIfNull(rs, "login_locked_until"), b.login());
        return until.filter(t -> t > now);
    }

    /** The column's value, 0 for NULL ({@code Sql.one} keeps no null rows). */
    private static long zeroIfNull(java.sql.ResultSet rs, String column) throws SQLException {
        Long v = Sql.getNullableLong(rs, column);
        return v == null ? 0L : v;
    }

    /** True when the known client exists (it may have been forgotten since). */
    public boolean knownClientExists(Sql sql, Budget b) throws SQLException {
        return b.knownClient().isPresent() && sql.count("SELECT COUNT(*) FROM known_clients WHERE id = ? AND login = ?",
                b.knownClient().get(), b.login()) > 0;
    }

    /** One wrong password on a budget whose account row the caller has locked. */
    public void failure(Sql sql, Budget b, long now) throws SQLException {
        String table = b.knownClient().isPresent() ? "known_clients" : "accounts";
        String failures = b.knownClient().isPresent() ? "failures" : "login_failures";
        String locked = b.knownClient().isPresent() ? "locked_until" : "login_locked_until";
        String where = b.knownClient().isPresent() ? " WHERE id = ? AND login = ?" : " WHERE login = ?";
        Object[] key = b.knownClient().isPresent() ? new Object[] {b.knownClient().get(), b.login()}
                : new Object[] {b.login()};
        sql.update("UPDATE " + table + " SET " + failures + " = " + failures + " + 1" + where, key);
        long n = sql.count("SELECT " + failures + " FROM " + table + where, key);
        long lock = lockMillis(n);
        if (lock > 0) {
            Object[] params = new Object[key.length + 1];
            params[0] = now + lock;
            System.arraycopy(key, 0, params, 1, key.length);
            sql.update("UPDATE " + table + " SET " + locked + " = ?" + where, params);
        }
    }

    /** How long the {@code failures}-th consecutive failure locks its budget (0: not yet). */
    public static long lockMillis(long failures) {
        if (failures < FREE_FAILURES) {
            return 0;
        }
        long seconds = FIRST_LOCK_SECONDS << Math.min(failures - FREE_FAILURES, 20);
        return Math.min(seconds, MAX_LOCK_SECONDS) * 1000L;
    }

    /**
     * A right password: clears the budget and returns the known-client token to hand back (a new one when
     * the client had none, or a forgotten one).
     */
    public String success(Sql sql, Budget b, long now) throws SQLException {
        if (b.knownClient().isPresent() && knownClientExists(sql, b)) {
            sql.update("UPDATE known_clients SET failures = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
                    now, b.knownClient().get());
            return token(b.knownClient().get(), b.login());
        }
        sql.update("UPDATE accounts SET login_failures = 0, login_locked_until = NULL WHERE login = ?"
                + " AND (login_failures <> 0 OR login_locked_until IS NOT NULL)", b.login());
        String id = random.hex(16);
        sql.update("INSERT INTO known_clients (id, login, failures, locked_until, created_at, last_login_at)"
                + " VALUES (?,?,?,?,?,?)", id, b.login(), 0, Sql.nullableLong(null), now, now);
        java.util.List<String> old = sql.query("SELECT id FROM known_clients WHERE login = ?"
                + " ORDER BY last_login_at DESC, id", rs -> rs.getString(1), b.login());
        for (String stale : old.subList(Math.min(old.size(), KNOWN_PER_ACCOUNT), old.size())) {
            sql.update("DELETE FROM known_clients WHERE id = ?", stale);
        }
        return token(id, b.login());
    }

    private String token(String id, String login) {
        return "kc1." + id + "." + mac(id, login);
    }

    private String mac(String id, String login) {
        return box.lookupHash("known-client", id + "\n" + login);
    }
}
