package dev.pims.server.limits;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.Optional;

/** Rows of {@code integration_limits}; an integration without a row has {@link AbuseLimits#defaults()}. */
public final class AbuseLimitsRepository {
    private static final String COLUMNS = "sms_per_account_per_day, otp_per_device_per_minute, otp_per_device_per_hour,"
            + " device_requests_per_address_per_minute, verify_requests_per_address_per_minute, pin_lock_after,"
            + " pin_lock_seconds";

    public Optional<AbuseLimits> find(Sql sql, String macid) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM integration_limits WHERE macid = ?",
                rs -> new AbuseLimits(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7)), macid);
    }

    /** Inserts or replaces the row (the integration must exist). */
    public void save(Sql sql, String macid, AbuseLimits l) throws SQLException {
        Object[] values = {l.smsPerAccountPerDay(), l.otpPerDevicePerMinute(), l.otpPerDevicePerHour(),
                l.deviceRequestsPerAddressPerMinute(), l.verifyRequestsPerAddressPerMinute(), l.pinLockAfter(),
                l.pinLockSeconds(), macid};
        int n = sql.update("UPDATE integration_limits SET sms_per_account_per_day = ?, otp_per_device_per_minute = ?,"
                + " otp_per_device_per_hour = ?, device_requests_per_address_per_minute = ?,"
                + " verify_requests_per_address_per_minute = ?, pin_lock_after = ?, pin_lock_seconds = ? WHERE macid = ?",
                values);
        if (n == 0) {
            sql.update("INSERT INTO integration_limits (" + COLUMNS + ", macid) VALUES (?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT DO NOTHING", values);
            sql.update("UPDATE integration_limits SET sms_per_account_per_day = ?, otp_per_device_per_minute = ?,"
                    + " otp_per_device_per_hour = ?, device_requests_per_address_per_minute = ?,"
                    + " verify_requests_per_address_per_minute = ?, pin_lock_after = ?, pin_lock_seconds = ?"
                    + " WHERE macid = ?", values);
        }
    }
}
