package dev.pims.server.removal;

import dev.pims.server.db.Database;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.util.List;

/**
 * Deletes an account and everything that belongs to it (devices, their challenges and issued OTPs, activation
 * and SMS codes, OAuth tokens), in one transaction, taking its locks in the one lock order (codes, devices in
 * ascending id, the account last). The audit log keeps its rows: removing an account must not erase what
 * happened to it (the audit retention deletes them in time).
 */
public final class UserRemoval {
    private final Database db;

    public UserRemoval(Database db) {
        this.db = db;
    }

    /** False when there is no such account. */
    public boolean remove(String login) {
        return db.inTransaction(sql -> {
            List<String> codes = sql.query("SELECT id FROM activation_codes WHERE login = ? ORDER BY id",
                    rs -> rs.getString(1), login);
            for (String id : codes) {
                sql.acquiring(LockRank.CODE, id);
                sql.one("SELECT id FROM activation_codes WHERE id = ? FOR UPDATE", rs -> rs.getString(1), id);
            }
            List<String> devices = sql.query("SELECT id FROM devices WHERE login = ? ORDER BY id",
                    rs -> rs.getString(1), login);
            for (String id : devices) {
                sql.acquiring(LockRank.DEVICE, id);
                sql.one("SELECT id FROM devices WHERE id = ? FOR UPDATE", rs -> rs.getString(1), id);
            }
            sql.acquiring(LockRank.ACCOUNT, login);
            if (sql.one("SELECT login FROM accounts WHERE login = ? FOR UPDATE", rs -> rs.getString(1), login).isEmpty()) {
                return false;
            }
            deleteOwned(sql, login, devices);
            return true;
        });
    }

    private static void deleteOwned(Sql sql, String login, List<String> devices) throws SQLException {
        for (String id : devices) {
            sql.update("DELETE FROM challenges WHERE device_id = ?", id);
            sql.update("DELETE FROM issued_otps WHERE device_id = ?", id);
        }
        sql.update("DELETE FROM issued_otps WHERE login = ?", login);
        sql.update("DELETE FROM sms_codes WHERE login = ?", login);
        sql.update("DELETE FROM activation_codes WHERE login = ?", login);
        sql.update("DELETE FROM oauth_tokens WHERE login = ?", login);
        sql.update("DELETE FROM devices WHERE login = ?", login);
        sql.update("DELETE FROM accounts WHERE login = ?", login);
    }
}
