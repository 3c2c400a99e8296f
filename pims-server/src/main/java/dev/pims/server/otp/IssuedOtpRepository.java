package dev.pims.server.otp;

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
