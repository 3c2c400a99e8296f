package dev.pims.server.console;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.List;

/**
 * The overview's queries: current totals from the tables, last-hour activity from the audit log grouped by
 * epoch minute ({@code at / 60000}) in the database, so the cost does not grow with what the page shows
 * (the index {@code audit_log_at} bounds the rows read to the last hour's).
 */
public final class OverviewRepository {
    /** Audit events the chart reads (see {@link Overview.Series}). */
    static final String CHART_EVENTS = "'otp.finalize', 'otp.finalize.pin', 'otp.verify', 'admin.user.block'";

    public record Totals(long users, long blockedAccounts, long activeDevices, long pendingDevices,
            long integrations, long activeApiKeys) { }

    /** Number of audit rows of {@code event} and {@code outcome} in the epoch minute {@code minute}. */
    public record EventCount(long minute, String event, String outcome, long count) { }

    /** Distinct devices with a successful OTP issuance or verification in the epoch minute {@code minute}. */
    public record DeviceCount(long minute, long devices) { }

    public Totals totals(Sql sql) throws SQLException {
        return new Totals(sql.count("SELECT COUNT(*) FROM accounts"),
                sql.count("SELECT COUNT(*) FROM accounts WHERE state <> 'NOT_BLOCKED'"),
                sql.count("SELECT COUNT(*) FROM devices WHERE state = 'ACTIVE'"),
                sql.count("SELECT COUNT(*) FROM devices WHERE state = 'AWAITING_SECRET'"),
                sql.count("SELECT COUNT(*) FROM integrations"),
                sql.count("SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL"));
    }

    public List<EventCount> eventsPerMinute(Sql sql, long from, long to) throws SQLException {
        return sql.query("SELECT at / 60000 AS epoch_minute, event, outcome, COUNT(*) AS n FROM audit_log"
                + " WHERE at >= ? AND at < ? AND event IN (" + CHART_EVENTS + ")"
                + " GROUP BY at / 60000, event, outcome",
                rs -> new EventCount(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)), from, to);
    }

    public List<DeviceCount> devicesPerMinute(Sql sql, long from, long to) throws SQLException {
        return sql.query("SELECT at / 60000 AS epoch_minute, COUNT(DISTINCT device_id) AS n FROM audit_log"
                + " WHERE at >= ? AND at < ? AND device_id IS NOT NULL AND event IN ('otp.finalize', 'otp.verify')"
                + " AND outcome LIKE 'OK%' GROUP BY at / 60000",
                rs -> new DeviceCount(rs.getLong(1), rs.getLong(2)), from, to);
    }
}
