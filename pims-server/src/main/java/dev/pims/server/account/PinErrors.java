package dev.pims.server.account;

import dev.pims.server.db.Sql;
import java.sql.SQLException;

/** Counts a wrong PIN on a row-locked account; returns true when the account is now PIN-blocked. */
public final class PinErrors {
    private final AccountRepository accounts;

    public PinErrors(AccountRepository accounts) {
        this.accounts = accounts;
    }

    public boolean countWrongPin(Sql sql, Account lockedAccount, int maxPinErrors) throws SQLException {
        int errors = lockedAccount.pinErrors() + 1;
        AccountState state = lockedAccount.state();
        if (errors >= maxPinErrors && state == AccountState.NOT_BLOCKED) {
            state = AccountState.PIN_BLOCKED;
        }
        accounts.setPinErrorsAndState(sql, lockedAccount.login(), errors, state);
        return state.isBlocked();
    }

    public void reset(Sql sql, Account lockedAccount) throws SQLException {
        if (lockedAccount.pinErrors() != 0) {
            accounts.setPinErrorsAndState(sql, lockedAccount.login(), 0, lockedAccount.state());
        }
    }
}
