package dev.pims.server.sms;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.Optional;

/**
 * SMS sent to one account per UTC day, exact across nodes: a {@code rate_limits} row (bucket
 * {@value #BUCKET}, subject = login) updated inside the caller's transaction, which holds the account row lock. The
 * last counter left in that table (the request path's counters moved to their subjects' rows or to memory); the
 * account API may move it onto the account row.
 */
public final class SmsDailyBudget {
    public static final String BUCKET = "sms.account.day";
    private static final long DAY = 86_400_000L;

    /** Today's count for {@code login}, with the window start. */
    public record Count(long windowStart, int sent) { }

    /** Counts one SMS to {@code login} when {@code perDay} (0 = unlimited) allows it; false (nothing written) if not. */
    public boolean allow(Sql sql, int perDay, String login, long now) throws SQLException {
        long day = now - Math.floorMod(now, DAY);
        Optional<Count> c = find(sql, login);
        int sent = c.filter(x -> x.windowStart() == day).map(Count::sent).orElse(0);
        if (perDay > 0 && sent >= perDay) {
            return false;
        }
        if (c.isEmpty()) {
            sql.update("INSERT INTO rate_limits (bucket, subject, window_start, hits, blocked_until, updated_at)"
                    + " VALUES (?,?,?,?,?,?)", BUCKET, login, day, 1, Sql.nullableLong(null), now);
        } else {
            sql.update("UPDATE rate_limits SET window_start = ?, hits = ?, updated_at = ? WHERE bucket = ? AND subject = ?",
                    day, sent + 1, now, BUCKET, login);
        }
        return true;
    }

    public Optional<Count> find(Sql sql, String login) throws SQLException {
        return sql.one("SELECT window_start, hits FROM rate_limits WHERE bucket = ? AND subject = ?",
                rs -> new Count(rs.getLong(1), rs.getInt(2)), BUCKET, login);
    }

    public int clear(Sql sql, String login) throws SQLException {
        return sql.update("DELETE FROM rate_limits WHERE bucket = ? AND subject = ?", BUCKET, login);
    }
}
