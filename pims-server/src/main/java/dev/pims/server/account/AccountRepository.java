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
