package dev.pims.server.activation;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

public final class ActivationCodeRepository {
    private static final String COLUMNS = "id, macid, login, expires_at, tries, used_at, kiw_private_enc, created_at";
    private final SecretBox box;

    public ActivationCodeRepository(SecretBox box) {
        this.box = box;
    }

    public String hash(String macid, String code) {
        return box.lookupHash("activation-code", macid + "\n" + code);
    }

    public Optional<ActivationCode> lockByCode(Sql sql, String macid, String code) throws SQLException {
        sql.acquiring(LockRank.CODE, null);
        return sql.one("SELECT " + COLUMNS + " FROM activation_codes WHERE code_hash = ? FOR UPDATE", this::map,
                hash(macid, code));
    }

    public Optional<String> findLogin(Sql sql, String macid, String code) throws SQLException {
        return sql.one("SELECT login FROM activation_codes WHERE code_hash = ?", rs -> rs.getString(1),
                hash(macid, code));
    }

    /** Returns false when the code value is already taken (the caller draws another). */
    public boolean insert(Sql sql, ActivationCode c, String code) throws SQLException {
        String h = hash(c.macid(), code);
        if (sql.count("SELECT COUNT(*) FROM activation_codes WHERE code_hash = ?", h) > 0) {
            return false;
        }
        sql.update("INSERT INTO activation_codes (id, macid, login, code_hash, expires_at, tries, used_at,"
                + " kiw_private_enc, created_at) VALUES (?,?,?,?,?,?,?,?,?)", c.id(), c.macid(), c.login(), h,
                c.expiresAt(), c.tries(), Sql.nullableLong(c.usedAt()), c.kiwPrivateSealed(), c.createdAt());
        return true;
    }

    public void setKiw(Sql sql, String id, String kiwPrivateSealed) throws SQLException {
        sql.update("UPDATE activation_codes SET kiw_private_enc = ? WHERE id = ?", kiwPrivateSealed, id);
    }

    public void countWrongTry(Sql sql, String id) throws SQLException {
        sql.update("UPDATE activation_codes SET tries = tries + 1 WHERE id = ?", id);
    }

    /** Single use: succeeds for exactly one caller. */
    public boolean consume(Sql sql, String id, long now) throws SQLException {
        return sql.update("UPDATE activation_codes SET used_at = ?, kiw_private_enc = NULL"
                + " WHERE id = ? AND used_at IS NULL", now, id) == 1;
    }

    /** Deletes the dead codes of a login so that old hashes do not pile up. */
    public void purgeDead(Sql sql, String login, long now) throws SQLException {
        sql.update("DELETE FROM activation_codes WHERE login = ? AND (used_at IS NOT NULL OR expires_at <= ?)",
                login, now);
    }

    private ActivationCode map(ResultSet rs) throws SQLException {
        return new ActivationCode(rs.getString("id"), rs.getString("macid"), rs.getString("login"),
                rs.getLong("expires_at"), rs.getInt("tries"), Sql.getNullableLong(rs, "used_at"),
                rs.getString("kiw_private_enc"), rs.getLong("created_at"));
    }
}
