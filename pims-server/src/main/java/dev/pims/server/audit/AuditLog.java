package dev.pims.server.audit;

import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** Append-only audit trail: time, login, device, event, outcome. Never a secret. */
public final class AuditLog {
    private final Clock clock;

    private final Database db;

    public AuditLog(Clock clock, Database db) {
        this.clock = clock;
        this.db = db;
    }

    public record Entry(long id, long at, String login, String deviceId, String event, String outcome) { }

    public void record(Sql sql, String login, String deviceId, String event, String outcome) throws SQLException {
        sql.update("INSERT INTO audit_log (at, login, device_id, event, outcome) VALUES (?,?,?,?,?)", clock.millis(),
                login, deviceId, event, outcome);
    }

    /** {@link #page(Sql, String, Long, int)} in a transaction of its own (the admin API). */
    public List<Entry> page(String login, Long beforeId, int limit) {
        return db.inTransaction(sql -> page(sql, login, beforeId, limit));
    }

    /** Newest first; {@code beforeId} (exclusive) pages backwards, null for the first page. */
    public List<Entry> page(Sql sql, String login, Long beforeId, int limit) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT id, at, login, device_id, event, outcome FROM audit_log WHERE 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (login != null) {
            q.append(" AND login = ?");
            params.add(login);
        }
        if (beforeId != null) {
            q.append(" AND id < ?");
            params.add(beforeId);
        }
        q.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, Math.min(limit, 500)));
        return sql.query(q.toString(), rs -> new Entry(rs.getLong("id"), rs.getLong("at"), rs.getString("login"),
                rs.getString("device_id"), rs.getString("event"), rs.getString("outcome")), params.toArray());
    }

    /**
     * What the audit page filters on; null fields do not filter. {@code eventPrefix} matches the event itself
     * and every event below it ({@code otp} matches {@code otp.verify}); {@code from} inclusive, {@code to}
     * exclusive (epoch ms).
     */
    public record Filter(String login, String eventPrefix, Long from, Long to) { }

    /** Newest first, as {@link #page} with a {@link Filter}. */
    public List<Entry> search(Sql sql, Filter f, Long beforeId, int limit) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT id, at, login, device_id, event, outcome FROM audit_log WHERE 1 = 1");
        java.util.List<Object> params = new java.util.ArrayList<>();
        if (f.login() != null) {
            q.append(" AND login = ?");
            params.add(f.login());
        }
        if (f.eventPrefix() != null) {
            q.append(" AND (event = ? OR event LIKE ? ESCAPE '!')");
            params.add(f.eventPrefix());
            params.add(f.eventPrefix().replace("!", "!!").replace("%", "!%").replace("_", "!_") + ".%");
        }
        if (f.from() != null) {
            q.append(" AND at >= ?");
            params.add(f.from());
        }
        if (f.to() != null) {
            q.append(" AND at < ?");
            params.add(f.to());
        }
        if (beforeId != null) {
            q.append(" AND id < ?");
            params.add(beforeId);
        }
        q.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, Math.min(limit, 500)));
        return sql.query(q.toString(), rs -> new Entry(rs.getLong("id"), rs.getLong("at"), rs.getString("login"),
                rs.getString("device_id"), rs.getString("event"), rs.getString("outcome")), params.toArray());
    }
}
