package dev.pims.server.device;

import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.Optional;

/** Callers hold the device row lock, so delete-then-insert is race free and portable (no upsert syntax). */
public final class ChallengeRepository {

    public void replace(Sql sql, Challenge c) throws SQLException {
        sql.update("DELETE FROM challenges WHERE device_id = ?", c.deviceId());
        sql.update("INSERT INTO challenges (device_id, purpose, challenge, issued_at, expires_at, used_at)"
                + " VALUES (?,?,?,?,?,?)", c.deviceId(), c.purpose(), c.value(), c.issuedAt(), c.expiresAt(),
                Sql.nullableLong(c.usedAt()));
    }

    public Optional<Challenge> find(Sql sql, String deviceId) throws SQLException {
        return sql.one("SELECT device_id, purpose, challenge, issued_at, expires_at, used_at FROM challenges"
                + " WHERE device_id = ?", rs -> new Challenge(rs.getString("device_id"), rs.getString("purpose"),
                        rs.getString("challenge"), rs.getLong("issued_at"), rs.getLong("expires_at"),
                        Sql.getNullableLong(rs, "used_at")), deviceId);
    }

    public boolean consume(Sql sql, String deviceId, long now) throws SQLException {
        return sql.update("UPDATE challenges SET used_at = ? WHERE device_id = ? AND used_at IS NULL", now,
                deviceId) == 1;
    }

    public void delete(Sql sql, String deviceId) throws SQLException {
        sql.update("DELETE FROM challenges WHERE device_id = ?", deviceId);
    }
}
