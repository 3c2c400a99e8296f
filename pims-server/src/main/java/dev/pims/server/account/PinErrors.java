package dev.pims.server.account;

import dev.pims.server.db.Sql;
import dev.pims.server.limits.AbuseLimits;
import dev.pims.server.metrics.ServerMetrics;
import java.sql.SQLException;

/**
 * Exact PIN-error counting on the row-locked account, across nodes: the count, the permanent PinBlocked at the
 * policy's {@code maxPinErrors}, and before it the temporary lock with growing back-off
 * ({@link AbuseLimits#pinLockMillis}): after the {@code pinLockAfter}-th consecutive wrong PIN the account is
 * locked for {@code pinLockSeconds}, doubled by each further wrong PIN. All of it lives on the account row and
 * changes with one UPDATE inside the request's own transaction ({@link Account#pinLocked(long)}).
 */
public final class PinErrors {
    private final AccountRepository accounts;
    private final ServerMetrics metrics;

    public PinErrors(AccountRepository accounts, ServerMetrics metrics) {
        this.accounts = accounts;
        this.metrics = metrics;
    }

    /**
     * Counts a wrong PIN on the row-locked account: returns true when it is now PinBlocked (the answer is then
     * BLOCKED), false when it is a plain wrong PIN (possibly now under a temporary lock).
     */
    public boolean wrongPin(Sql sql, Account lockedAccount, int maxPinErrors, AbuseLimits limits, long now)
            throws SQLException {
        int errors = lockedAccount.pinErrors() + 1;
        AccountState state = lockedAccount.state();
        if (errors >= maxPinErrors && state == AccountState.NOT_BLOCKED) {
            state = AccountState.PIN_BLOCKED;
        }
        long lock = state.isBlocked() ? 0 : limits.pinLockMillis(errors, maxPinErrors);
        accounts.setPinErrors(sql, lockedAccount.login(), errors, state, lock == 0 ? 0 : now + lock);
        if (state.isBlocked() && !lockedAccount.state().isBlocked()) {
            metrics.accountBlocked("pin_blocked");
        } else if (lock > 0) {
            metrics.accountBlocked("pin_lock");
        }
        return state.isBlocked();
    }

    /** A proven PIN: the count goes back to 0 (which lifts any temporary lock). */
    public void reset(Sql sql, Account lockedAccount) throws SQLException {
        if (lockedAccount.pinErrors() != 0) {
            accounts.setPinErrors(sql, lockedAccount.login(), 0, lockedAccount.state(), 0);
        }
    }
}
