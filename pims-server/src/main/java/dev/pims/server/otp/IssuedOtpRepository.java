package dev.pims.server.otp;

import dev.pims.server.account.AccountState;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.List;

/** Issued OTPs, stored as keyed hashes of (login, otp): verification is a look-up by hash. */
public final class IssuedOtpRepository {
    private final SecretBox box;

    public IssuedOtpRepository(SecretBox box) {
        this.box = box;
    }

    public record IssuedOtp(String id, String login, String deviceId, boolean pinVerified, long expiresAt,
            Long usedAt) { }

    public String hash(String login, String otp) {
        return box.lookupHash("otp", login + "\n" + otp);
    }

    public void insert(Sql sql, String id, String login, String otp, String deviceId, boolean pinVerified,
            long issuedAt, long expiresAt) throws SQLException {
        sql.update("INSERT INTO issued_otps (id, otp_hash, login, device_id, pin_verified, issued_at, expires_at,"
                + " used_at) VALUES (?,?,?,?,?,?,?,?)", id, hash(login, otp), login, deviceId, pinVerified, issuedAt,
                expiresAt, Sql.nullableLong(null));
    }

    /**
     * One row per issued OTP of {@code login} matching {@code otp} (one row with null OTP columns when none
     * matches; no row at all for an unknown login), with its device and the account's state: everything a
     * verification decides on, in one statement.
     */
    public List<Candidate> candidates(Sql sql, String login, String otp) throws SQLException {
        return sql.query("SELECT a.state AS a_state, a.pin_errors, a.pin_locked_until, a.pin_lock_errors,"
                + " (SELECT COUNT(*) FROM devices x WHERE x.login = a.login AND x.state = 'ACTIVE') AS active_devices,"
                + " o.id AS o_id, o.device_id, o.pin_verified, o.expires_at, o.used_at,"
                + " d.state AS d_state, d.macid AS d_macid, d.name AS d_name"
                + " FROM accounts a LEFT JOIN issued_otps o ON o.otp_hash = ? AND o.login = a.login"
                + " LEFT JOIN devices d ON d.id = o.device_id WHERE a.login = ? ORDER BY o.issued_at DESC",
                rs -> new Candidate(AccountState.valueOf(rs.getString("a_state")), rs.getInt("pin_errors"),
                        rs.getLong("pin_locked_until"), rs.getInt("pin_lock_errors"), rs.getLong("active_devices"),
                        rs.getString("o_id"), rs.getString("device_id"), rs.getBoolean("pin_verified"),
                        rs.getLong("expires_at"), Sql.getNullableLong(rs, "used_at"), rs.getString("d_state"),
                        rs.getString("d_macid"), rs.getString("d_name")),
                hash(login, otp), login);
    }

    /** A row of {@link #candidates}; the OTP and device fields are null when no issued OTP matched. */
    public record Candidate(AccountState accountState, int pinErrors, long pinLockedUntil, int pinLockErrors,
            long activeDevices, String otpId, String deviceId, boolean pinVerified, long expiresAt, Long usedAt,
            String deviceState, String deviceMacid, String deviceName) {
        /** The account's temporary PIN lock (as {@code Account.pinLocked}). */
        public boolean pinLocked(long now) {
            return pinErrors > 0 && pinErrors == pinLockErrors && pinLockedUntil > now;
        }
    }

    public List<IssuedOtp> findByOtp(Sql sql, String login, String otp) throws SQLException {
        return sql.query("SELECT id, login, device_id, pin_verified, expires_at, used_at FROM issued_otps"
                + " WHERE otp_hash = ? AND login = ?", rs -> new IssuedOtp(rs.getString("id"), rs.getString("login"),
                        rs.getString("device_id"), rs.getBoolean("pin_verified"), rs.getLong("expires_at"),
                        Sql.getNullableLong(rs, "used_at")), hash(login, otp), login);
    }

    /** The single conditional UPDATE that makes an OTP verify at most once, on any number of nodes. */
    public boolean consume(Sql sql, String id, long now) throws SQLException {
        return sql.update("UPDATE issued_otps SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?",
                now, id, now) == 1;
    }

    public int purgeExpired(Sql sql, long before) throws SQLException {
        return sql.update("DELETE FROM issued_otps WHERE expires_at < ?", before);
    }
}
