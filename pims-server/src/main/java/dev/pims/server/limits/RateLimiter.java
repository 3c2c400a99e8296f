package dev.pims.server.limits;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.List;

/**
 * Fixed-window counters in {@code rate_limits}, shared by every node through the database. A hit is one
 * {@code UPDATE} (which takes the row lock, so concurrent hits on any node serialise and none is lost) or, for
 * a new (bucket, subject), an {@code INSERT ... ON CONFLICT DO NOTHING} followed by the update again when
 * another node inserted first. Windows are aligned on the epoch (a day window is a UTC day).
 */
public final class RateLimiter {

    /** One counter row, for the admin API. */
    public record Counter(String bucket, String subject, long windowStart, int hits, Long blockedUntil) { }

    /** Counts one hit in the window of {@code windowMs} containing {@code now}; returns the window's hits so far. */
    public int hit(Sql sql, String bucket, String subject, long windowMs, long now) throws SQLException {
        long windowStart = now - Math.floorMod(now, windowMs);
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = sql.update("UPDATE rate_limits SET hits = CASE WHEN window_start = ? THEN hits + 1 ELSE 1 END,"
                    + " window_start = ?, updated_at = ? WHERE bucket = ? AND subject = ?",
                    windowStart, windowStart, now, bucket, subject);
            if (updated == 1) {
                return (int) sql.count("SELECT hits FROM rate_limits WHERE bucket = ? AND subject = ?", bucket, subject);
            }
            if (sql.update("INSERT INTO rate_limits (bucket, subject, window_start, hits, blocked_until, updated_at)"
                    + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING", bucket, subject, windowStart, 1,
                    Sql.nullableLong(null), now) == 1) {
                return 1;
            }
        }
        throw new IllegalStateException("rate limit row could not be created");
    }

    /** Sets a lock on (bucket, subject) until {@code until}; {@code marker} is kept in the hits column. */
    public void block(Sql sql, String bucket, String subject, int marker, long until, long now) throws SQLException {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (sql.update("UPDATE rate_limits SET hits = ?, window_start = ?, blocked_until = ?, updated_at = ?"
                    + " WHERE bucket = ? AND subject = ?", marker, now, until, now, bucket, subject) == 1) {
                return;
            }
            if (sql.update("INSERT INTO rate_limits (bucket, subject, window_start, hits, blocked_until, updated_at)"
                    + " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING", bucket, subject, now, marker, until, now) == 1) {
                return;
            }
        }
        throw new IllegalStateException("rate limit row could not be created");
    }

    public java.util.Optional<Counter> find(Sql sql, String bucket, String subject) throws SQLException {
        return sql.one("SELECT bucket, subject, window_start, hits, blocked_until FROM rate_limits"
                + " WHERE bucket = ? AND subject = ?", RateLimiter::map, bucket, subject);
    }

    public List<Counter> bySubject(Sql sql, String subject) throws SQLException {
        return sql.query("SELECT bucket, subject, window_start, hits, blocked_until FROM rate_limits WHERE subject = ?"
                + " ORDER BY bucket", RateLimiter::map, subject);
    }

    public int clear(Sql sql, String bucket, String subject) throws SQLException {
        return sql.update("DELETE FROM rate_limits WHERE bucket = ? AND subject = ?", bucket, subject);
    }

    public int clearSubject(Sql sql, String subject) throws SQLException {
        return sql.update("DELETE FROM rate_limits WHERE subject = ?", subject);
    }

    /** Forgets rows untouched since {@code before} (every window and lock is over by then). */
    public int purge(Sql sql, long before) throws SQLException {
        return sql.update("DELETE FROM rate_limits WHERE updated_at < ? AND (blocked_until IS NULL OR blocked_until < ?)",
                before, before);
    }

    private static Counter map(java.sql.ResultSet rs) throws SQLException {
        return new Counter(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4),
                Sql.getNullableLong(rs, "blocked_until"));
    }
}
