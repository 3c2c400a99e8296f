package dev.pims.server.account;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

public final class AccountRepository {
    private static final String COLUMNS =
            "login, password_hash, phone_number, pin_enc, pin_errors, state, activations, created_at";
    private static final String READ = COLUMNS + ", pin_locked_until, pin_lock_errors";
    /** The columns of {@link #map(ResultSet, String)} with prefix {@code a_}, for a join on {@code accounts a}. */
    public static final String JOINED = "a.login AS a_login, a.password_hash AS a_password_hash,"
            + " a.phone_number AS a_phone_number, a.pin_enc AS a_pin_enc, a.pin_errors AS a_pin_errors,"
            + " a.state AS a_state, a.activations AS a_activations, a.created_at AS a_created_at,"
            + " a.pin_locked_until AS a_pin_locked_until, a.pin_lock_errors AS a_pin_lock_errors";
    private final SecretBox box;

    public AccountRepository(SecretBox box) {
        this.box = box;
    }

    public Optional<Account> find(Sql sql, String login) throws SQLException {
        return sql.one("SELECT " + READ + " FROM accounts WHERE login = ?", this::map, login);
    }

    /** Reads and row-locks the account until the end of the transaction. */
    public Optional<Account> lock(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.ACCOUNT, login);
        return sql.one("SELECT " + READ + " FROM accounts WHERE login = ? FOR UPDATE", this::map, login);
    }

    public void insert(Sql sql, Account a) throws SQLException {
        sql.update("INSERT INTO accounts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)", a.login(),
                a.passwordHash().orElse(null), a.phoneNumber().orElse(null),
                a.pin().map(p -> box.sealText(purpose(a.login()), p)).orElse(null), a.pinErrors(),
                a.state().name(), a.activations(), a.createdAt());
    }

    public void setPin(Sql sql, String login, String pin) throws SQLException {
        sql.update("UPDATE accounts SET pin_enc = ? WHERE login = ?", box.sealText(purpose(login), pin), login);
    }

    public void setPinErrorsAndState(Sql sql, String login, int pinErrors, AccountState state) throws SQLException {
        sql.update("UPDATE accounts SET pin_errors = ?, state = ? WHERE login = ?", pinErrors, state.name(), login);
    }

    /**
     * A wrong PIN on the row-locked account, in one UPDATE: the new count, the state (PinBlocked at the limit)
     * and the temporary lock ({@code lockedUntil} 0: none) set at that count.
     */
    public void setPinErrors(Sql sql, String login, int pinErrors, AccountState state, long lockedUntil)
            throws SQLException {
        sql.update("UPDATE accounts SET pin_errors = ?, state = ?, pin_locked_until = ?, pin_lock_errors = ?"
                + " WHERE login = ?", pinErrors, state.name(), lockedUntil, lockedUntil == 0 ? 0 : pinErrors, login);
    }

    /** Lifts the temporary PIN lock (administrator); the PIN-error count stays. */
    public void clearPinLock(Sql sql, String login) throws SQLException {
        sql.update("UPDATE accounts SET pin_locked_until = NULL, pin_lock_errors = 0 WHERE login = ?", login);
    }

    public void incrementActivations(Sql sql, String login) throws SQLException {
        sql.update("UPDATE accounts SET activations = activations + 1 WHERE login = ?", login);
    }

    public void setPhoneNumber(Sql sql, String login, String phone) throws SQLException {
        sql.update("UPDATE accounts SET phone_number = ? WHERE login = ?", phone, login);
    }

    /** True when {@code phone} is the trusted number of an account other than {@code login}. */
    public boolean phoneTakenByAnother(Sql sql, String phone, String login) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM accounts WHERE phone_number = ? AND login <> ?", phone, login) > 0;
    }

    /** One line of the user list: no secret, the number of devices not removed. */
    public record Summary(String login, AccountState state, int pinErrors, Optional<String> phoneNumber,
            int devices, long createdAt) { }

    /**
     * Accounts whose login or phone number contains {@code q} (case-insensitive; null or blank = every account),
     * ordered by login.
     */
    public java.util.List<Summary> search(Sql sql, String q, int offset, int limit) throws SQLException {
        Object[] where = searchWhere(q);
        Object[] params = new Object[where.length - 1 + 2];
        System.arraycopy(where, 1, params, 0, where.length - 1);
        params[params.length - 2] = limit;
        params[params.length - 1] = offset;
        return sql.query("SELECT a.login, a.state, a.pin_errors, a.phone_number, a.created_at,"
                + " (SELECT COUNT(*) FROM devices d WHERE d.login = a.login AND d.state <> 'REMOVED') AS devices"
                + " FROM accounts a" + where[0] + " ORDER BY a.login LIMIT ? OFFSET ?",
                rs -> new Summary(rs.getString("login"), AccountState.valueOf(rs.getString("state")),
                        rs.getInt("pin_errors"), Optional.ofNullable(rs.getString("phone_number")),
                        rs.getInt("devices"), rs.getLong("created_at")), params);
    }

    public long count(Sql sql, String q) throws SQLException {
        Object[] where = searchWhere(q);
        return sql.count("SELECT COUNT(*) FROM accounts a" + where[0],
                java.util.Arrays.copyOfRange(where, 1, where.length));
    }

    /** {WHERE clause, parameters...}; LIKE wildcards in {@code q} are escaped (with !). */
    private static Object[] searchWhere(String q) {
        if (q == null || q.isBlank()) {
            return new Object[] {""};
        }
        String escaped = q.strip().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                .replace("_", "!_");
        String like = "%" + escaped + "%";
        return new Object[] {" WHERE LOWER(a.login) LIKE ? ESCAPE '!' OR a.phone_number LIKE ? ESCAPE '!'", like, like};
    }

    private Account map(ResultSet rs) throws SQLException {
        return map(rs, "");
    }

    /** The account of the current row, its columns named with {@code prefix} ({@link #JOINED}: "a_"). */
    public Account map(ResultSet rs, String prefix) throws SQLException {
        String login = rs.getString(prefix + "login");
        String pinEnc = rs.getString(prefix + "pin_enc");
        return new Account(login, Optional.ofNullable(rs.getString(prefix + "password_hash")),
                Optional.ofNullable(rs.getString(prefix + "phone_number")),
                Optional.ofNullable(pinEnc).map(p -> box.openText(purpose(login), p)), rs.getInt(prefix + "pin_errors"),
                AccountState.valueOf(rs.getString(prefix + "state")), rs.getInt(prefix + "activations"),
                rs.getLong(prefix + "created_at"), rs.getLong(prefix + "pin_locked_until"),
                rs.getInt(prefix + "pin_lock_errors"));
    }

    private static String purpose(String login) {
        return "account.pin:" + login;
    }
}
