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
    private final SecretBox box;

    public AccountRepository(SecretBox box) {
        this.box = box;
    }

    public Optional<Account> find(Sql sql, String login) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM accounts WHERE login = ?", this::map, login);
    }

    /** Reads and row-locks the account until the end of the transaction. */
    public Optional<Account> lock(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.ACCOUNT, login);
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

    public void setPhoneNumber(Sql sql, String login, String phone) throws SQLException {
        sql.update("UPDATE accounts SET phone_number = ? WHERE login = ?", phone, login);
    }

    /** True when {@code phone} is the trusted number of an account other than {@code login}. */
    public boolean phoneTakenByAnother(Sql sql, String phone, String login) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM accounts WHERE phone_number = ? AND login <> ?", phone, login) > 0;
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
