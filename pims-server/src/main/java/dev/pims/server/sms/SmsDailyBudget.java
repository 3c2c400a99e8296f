package dev.pims.server.sms;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SMS sent to one account per UTC day, exact across nodes: kept on the account row ({@code accounts.sms_day},
 * the day number since the epoch, and {@code sms_count}, V7), updated inside the caller's transaction, which holds
 * the account row lock. One conditional UPDATE counts and checks at once.
 */
public final class SmsDailyBudget {
    /** The counter's name in the administrator's view of an account's counters. */
    public static final String BUCKET = "sms.account.day";
    private static final long DAY = 86_400_000L;

    /** Today's count for {@code login}, with the window start. */
    public record Count(long windowStart, int sent) { }

    /** Counts one SMS to {@code login} when {@code perDay} (0 = unlimited) allows it; false (nothing written) if not. */
    public boolean allow(Sql sql, int perDay, String login, long now) throws SQLException {
        long day = Math.floorDiv(now, DAY);
        if (perDay <= 0) {
            return sql.update("UPDATE accounts SET sms_count = CASE WHEN sms_day = ? THEN sms_count + 1 ELSE 1 END,"
                    + " sms_day = ? WHERE login = ?", day, day, login) == 1;
        }
        return sql.update("UPDATE accounts SET sms_count = CASE WHEN sms_day = ? THEN sms_count + 1 ELSE 1 END,"
                + " sms_day = ? WHERE login = ? AND (sms_day <> ? OR sms_count < ?)", day, day, login, day, perDay) == 1;
    }

    /** The account's count of its last day with an SMS; empty when it never had one. */
    public Optional<Count> find(Sql sql, String login) throws SQLException {
        return sql.one("SELECT sms_day, sms_count FROM accounts WHERE login = ? AND sms_count > 0",
                rs -> new Count(rs.getLong(1) * DAY, rs.getInt(2)), login);
    }

    public int clear(Sql sql, String login) throws SQLException {
        return sql.update("UPDATE accounts SET sms_count = 0 WHERE login = ? AND sms_count > 0", login);
    }
}
