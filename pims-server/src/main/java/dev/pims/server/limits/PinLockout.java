package dev.pims.server.limits;

import dev.pims.server.account.Account;
import dev.pims.server.account.PinErrors;
import dev.pims.server.db.Sql;
import dev.pims.server.metrics.ServerMetrics;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The temporary lock with growing back-off before the permanent PIN block. After the {@code pinLockAfter}-th
 * consecutive wrong PIN the account is locked for {@code pinLockSeconds}, doubled by each further wrong PIN,
 * until {@code maxPinErrors} makes it PinBlocked ({@link AbuseLimits#pinLockMillis}). The lock is a
 * {@code rate_limits} row (bucket {@value #BUCKET}, subject = login) that remembers the error count it was set
 * at: it holds while unexpired AND the account still has exactly that many errors (no error is counted during
 * a lock), so a PIN-error reset or an unblock by the administrator lifts it too; the next wrong PIN that sets no
 * lock deletes the row.
 */
public final class PinLockout {
    public static final String BUCKET = "pin.lock";
    private final RateLimiter limiter;
    private final ServerMetrics metrics;

    public PinLockout(RateLimiter limiter, ServerMetrics metrics) {
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** The end of the account's lock, if it is locked now. Call with the account row locked. */
    public Optional<Long> lockedUntil(Sql sql, Account account, long now) throws SQLException {
        return lockedUntil(sql, account.login(), account.pinErrors(), now);
    }

    public Optional<Long> lockedUntil(Sql sql, String login, int pinErrors, long now) throws SQLException {
        if (pinErrors == 0) {
            return Optional.empty();
        }
        return limiter.find(sql, BUCKET, login)
                .filter(c -> c.blockedUntil() != null && c.blockedUntil() > now && pinErrors == c.hits())
                .map(RateLimiter.Counter::blockedUntil);
    }

    /**
     * Counts a wrong PIN on the row-locked account: PinBlocked at {@code maxPinErrors} (returns true), else a
     * temporary lock once the back-off threshold is reached (returns false: this answer is still a wrong PIN).
     */
    public boolean wrongPin(Sql sql, PinErrors pinErrors, Account account, int maxPinErrors, AbuseLimits limits,
            long now) throws SQLException {
        boolean blocked = pinErrors.countWrongPin(sql, account, maxPinErrors);
        if (blocked) {
            if (!account.state().isBlocked()) {
                metrics.accountBlocked("pin_blocked");
            }
            return true;
        }
        int errors = account.pinErrors() + 1;
        long lock = limits.pinLockMillis(errors, maxPinErrors);
        if (lock > 0) {
            limiter.block(sql, BUCKET, account.login(), errors, now + lock, now);
            metrics.accountBlocked("pin_lock");
        } else {
            limiter.clear(sql, BUCKET, account.login()); // a lock left from before a reset must not revive
        }
        return false;
    }
}
