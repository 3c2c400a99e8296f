package dev.pims.server.activation;

import dev.pims.server.db.Database;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import dev.pims.server.limits.AddressLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wrong activation and SMS codes, for both paths that check codes: the device endpoint ({@code /iwws/MAC}
 * activation set-up and finalize) and the account API (docs/security.md, "Codes that cannot be guessed").
 * <ul>
 * <li>Exact, in the database, inside the caller's transaction: a wrong try is charged to the code (it dies
 * at the policy's {@code codeMaxTries}) and to its account ({@code accounts.code_failures}); from the
 * {@value #FREE_FAILURES}th consecutive failure, the account's next code is refused for
 * {@value #BACKOFF_SECONDS} s, doubled by each further failure (at most a day). A code used successfully
 * clears the account's count.</li>
 * <li>Per client address, in memory ({@link AddressLimiter}, charged on failures only): a guess that matches no code cannot be charged
 * to any code or account, so blind guessing is stopped by the address's failure budget: a request from an
 * address without budget is refused before any code is looked up.</li>
 * <li>Cluster-wide: failed codes per minute, all nodes together ({@code code_failure_minutes}); above the
 * ceiling the meter {@code pims_code_failures_alert_total} counts and one alert line per minute and node is
 * logged.</li>
 * </ul>
 */
public final class CodeAttempts {
    private static final Logger LOG = LoggerFactory.getLogger(CodeAttempts.class);
    /** Consecutive wrong codes an account may have before its code issuance backs off. */
    public static final int FREE_FAILURES = 3;
    /** The first issuance back-off; doubled by each further failure. */
    public static final long BACKOFF_SECONDS = 60;
    private static final long MAX_BACKOFF_MILLIS = 24 * 3600_000L;
    private static final long MINUTE = 60_000L;
    private final Database db;
    private final AddressLimiter perAddress;
    private final Clock clock;
    private final int ceilingPerMinute;
    private final Counter failures;
    private final Counter alerts;
    private final AtomicLong alertedMinute = new AtomicLong(-1);

    public CodeAttempts(Database db, AddressLimiter perAddress, Clock clock, int ceilingPerMinute,
            MeterRegistry registry) {
        this.db = db;
        this.perAddress = perAddress;
        this.clock = clock;
        this.ceilingPerMinute = ceilingPerMinute;
        this.failures = Counter.builder("pims_code_failures_total")
                .description("Wrong activation or SMS codes presented (this node)").register(registry);
        this.alerts = Counter.builder("pims_code_failures_alert_total")
                .description("Wrong codes counted while the cluster-wide ceiling per minute was exceeded")
                .register(registry);
    }

    /** False when {@code address} has spent its budget of wrong codes: refuse without looking at the code. */
    public boolean admits(String address) {
        return perAddress.peek(address).allowed();
    }

    public long retryAfterSeconds(String address) {
        return perAddress.peek(address).retryAfterSeconds();
    }

    /**
     * A wrong code from {@code address}, after its transaction: charges the address and the cluster-wide
     * count (its own short transaction, holding no other lock).
     */
    public void failedFrom(String address) {
        perAddress.charge(address);
        failures.increment();
        long now = clock.millis();
        long minute = now - Math.floorMod(now, MINUTE);
        int total = db.inTransaction(sql -> {
            if (sql.update("UPDATE code_failure_minutes SET failures = failures + 1 WHERE minute_start = ?", minute) == 0
                    && sql.update("INSERT INTO code_failure_minutes (minute_start, failures) VALUES (?, 1)"
                            + " ON CONFLICT DO NOTHING", minute) == 0) {
                sql.update("UPDATE code_failure_minutes SET failures = failures + 1 WHERE minute_start = ?", minute);
            }
            sql.update("DELETE FROM code_failure_minutes WHERE minute_start < ?", minute - 60 * MINUTE);
            return (int) sql.count("SELECT failures FROM code_failure_minutes WHERE minute_start = ?", minute);
        });
        if (ceilingPerMinute > 0 && total > ceilingPerMinute) {
            alerts.increment();
            long before = alertedMinute.get();
            if (before != minute && alertedMinute.compareAndSet(before, minute)) {
                LOG.warn("ALERT wrong codes above the cluster-wide ceiling: {} in the current minute (ceiling {});"
                        + " blind code guessing from many addresses?", total, ceilingPerMinute);
            }
        }
    }

    /**
     * One wrong code charged to the account {@code login}. Takes the account row lock (the last lock of the
     * order), so call it after any code or device lock the transaction needs.
     */
    public static void chargeAccount(Sql sql, String login, long now) throws SQLException {
        sql.acquiring(LockRank.ACCOUNT, login);
        sql.update("UPDATE accounts SET code_failures = code_failures + 1 WHERE login = ?", login);
        long n = sql.count("SELECT code_failures FROM accounts WHERE login = ?", login);
        if (n >= FREE_FAILURES) {
            long backoff = Math.min(MAX_BACKOFF_MILLIS, BACKOFF_SECONDS * 1000L << Math.min(n - FREE_FAILURES, 20));
            sql.update("UPDATE accounts SET codes_blocked_until = ? WHERE login = ?", now + backoff, login);
        }
    }

    /** A code of {@code login} was used successfully: its count starts again. */
    public static void succeeded(Sql sql, String login) throws SQLException {
        sql.update("UPDATE accounts SET code_failures = 0, codes_blocked_until = NULL WHERE login = ?"
                + " AND (code_failures <> 0 OR codes_blocked_until IS NOT NULL)", login);
    }

    /** When the account may be sent a new code again, if it is in its back-off now. */
    public static Optional<Long> issuanceBlockedUntil(Sql sql, String login, long now) throws SQLException {
        return sql.one("SELECT codes_blocked_until FROM accounts WHERE login = ?",
                rs -> rs.getLong(1), login).filter(t -> t > now);
    }
}
