package dev.pims.server.account;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

public final class AccountRepository {
    private static final String COLUMNS =
            "login, password_hash, phone_number, pin_enc, pin_errors, state, activations, created_at";
    private final SecretBox box;

    public AccountRepository(SecretBox box) {
        this.box = box;
    }

    public Optional<Account> find(Sql sql, String login) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE login = ?", this::map, login);
    }

    /** Reads and row-locks the account until the end of the transaction. */
    public Optional<Account> lock(Sql sql, String login) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE login = ? FOR UPDATE", this::map, login);
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

    public void incrementActivations(Sql sql, String login) throws SQLException {
        sql.update("UPDATE accounts SET activations = activations + 1 WHERE login = ?", login);
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
        String login = rs.getString("login");
        String pinEnc = rs.getString("pin_enc");
        return new Account(login, Optional.ofNullable(rs.getString("password_hash")),
                Optional.ofNullable(rs.getString("phone_number")),
                Optional.ofNullable(pinEnc).map(p -> box.openText(purpose(login), p)), rs.getInt("pin_errors"),
                AccountState.valueOf(rs.getString("state")), rs.getInt("activations"), rs.getLong("created_at"));
    }

    private static String purpose(String login) {
        return "account.pin:" + login;
    }
}
