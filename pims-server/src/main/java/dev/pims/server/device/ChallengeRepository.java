package dev.pims.server.device;

import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The one live challenge of a device. Callers hold the device row lock, so update-else-insert is race free and
 * portable (no upsert syntax); the row usually exists (every device got one at activation), so a new challenge
 * is one UPDATE. A challenge is read with the device lock ({@link DeviceRepository#lockWithAccount}).
 */
public final class ChallengeRepository {
    /** The columns of {@link #mapJoined}, for a LEFT JOIN on {@code challenges c}. */
    static final String JOINED = "c.device_id AS c_device_id, c.purpose AS c_purpose, c.challenge AS c_challenge,"
            + " c.issued_at AS c_issued_at, c.expires_at AS c_expires_at, c.used_at AS c_used_at";

    public void replace(Sql sql, Challenge c) throws SQLException {
        if (sql.update("UPDATE challenges SET purpose = ?, challenge = ?, issued_at = ?, expires_at = ?, used_at = ?"
                + " WHERE device_id = ?", c.purpose(), c.value(), c.issuedAt(), c.expiresAt(),
                Sql.nullableLong(c.usedAt()), c.deviceId()) == 0) {
            sql.update("INSERT INTO challenges (device_id, purpose, challenge, issued_at, expires_at, used_at)"
                    + " VALUES (?,?,?,?,?,?)", c.deviceId(), c.purpose(), c.value(), c.issuedAt(), c.expiresAt(),
                    Sql.nullableLong(c.usedAt()));
        }
    }

    public Optional<Challenge> find(Sql sql, String deviceId) throws SQLException {
        return sql.one("SELECT " + JOINED + " FROM challenges c WHERE c.device_id = ?", ChallengeRepository::mapJoined,
                deviceId).flatMap(c -> c);
    }

    /** Single use: marks the unused challenge used; false when it was used already. */
    public boolean consume(Sql sql, String deviceId, long now) throws SQLException {
        return sql.update("UPDATE challenges SET used_at = ? WHERE device_id = ? AND used_at IS NULL", now,
                deviceId) == 1;
    }

    public void delete(Sql sql, String deviceId) throws SQLException {
        sql.update("DELETE FROM challenges WHERE device_id = ?", deviceId);
    }

    static Optional<Challenge> mapJoined(ResultSet rs) throws SQLException {
        String device = rs.getString("c_device_id");
        if (device == null) {
            return Optional.empty();
        }
        return Optional.of(new Challenge(device, rs.getString("c_purpose"), rs.getString("c_challenge"),
                rs.getLong("c_issued_at"), rs.getLong("c_expires_at"), Sql.getNullableLong(rs, "c_used_at")));
    }
}
