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
    private final java.time.Clock clock;

    public ActivationCodeRepository(SecretBox box, java.time.Clock clock) {
        this.box = box;
        this.clock = clock;
    }

    public String hash(String macid, String code) {
        return box.lookupHash("activation-code", macid + "\n" + code);
    }

    public Optional<ActivationCode> lockByCode(Sql sql, String macid, String code) throws SQLException {
        sql.acquiring(LockRank.CODE, null);
        return sql.one("SELECT " + COLUMNS + " FROM activation_codes WHERE code_hash = ? FOR UPDATE", this::map,
                hash(macid, code));
    }

    /** The code row with that value, not locked. */
    public Optional<ActivationCode> findByCode(Sql sql, String macid, String code) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM activation_codes WHERE code_hash = ?", this::map,
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

    /**
     * One wrong try of the code row {@code id} (row-locked by the caller), charged to the code and to its
     * account ({@link CodeAttempts#chargeAccount}): exact, in the caller's transaction.
     */
    public void countWrongTry(Sql sql, String id) throws SQLException {
        Optional<String> login = sql.one("SELECT login FROM activation_codes WHERE id = ?", rs -> rs.getString(1), id);
        sql.update("UPDATE activation_codes SET tries = tries + 1 WHERE id = ?", id);
        if (login.isPresent()) {
            CodeAttempts.chargeAccount(sql, login.get(), clock.millis());
        }
    }

    /** Kills the live activation codes of (login, macid); macid null = every integration. Returns how many. */
    public int killLive(Sql sql, String login, String macid, long now) throws SQLException {
        if (macid == null) {
            return sql.update("UPDATE activation_codes SET used_at = ?, kiw_private_enc = NULL WHERE login = ?"
                    + " AND used_at IS NULL", now, login);
        }
        return sql.update("UPDATE activation_codes SET used_at = ?, kiw_private_enc = NULL WHERE login = ?"
                + " AND macid = ? AND used_at IS NULL", now, login, macid);
    }

    /** A wrong value presented for (login, macid): one try charged to each of its live codes. */
    public void chargeLive(Sql sql, String login, String macid, long now) throws SQLException {
        sql.update("UPDATE activation_codes SET tries = tries + 1 WHERE login = ? AND macid = ? AND used_at IS NULL"
                + " AND expires_at > ?", login, macid, now);
    }

    /**
     * The account's code anchor, row-locked (rank CODE), created on first use: taken before the account's code
     * rows by every transaction that changes several of them, so that such transactions queue instead of
     * locking rows in different orders.
     */
    public void lockAnchor(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.CODE, null);
        if (sql.query("SELECT login FROM code_anchors WHERE login = ? FOR UPDATE", rs -> rs.getString(1), login)
                .isEmpty()) {
            sql.update("INSERT INTO code_anchors (login) VALUES (?) ON CONFLICT DO NOTHING", login);
            sql.query("SELECT login FROM code_anchors WHERE login = ? FOR UPDATE", rs -> rs.getString(1), login);
        }
    }

    /** Every activation code row of {@code login}, row-locked in ascending id (lock rank CODE). */
    public java.util.List<ActivationCode> lockAllOf(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.CODE, null);
        return sql.query("SELECT " + COLUMNS + " FROM activation_codes WHERE login = ? ORDER BY id FOR UPDATE",
                this::map, login);
    }

    /**
     * Single use: succeeds for exactly one caller. A code used successfully clears its account's count of
     * wrong codes ({@link CodeAttempts}).
     */
    public boolean consume(Sql sql, String id, long now) throws SQLException {
        if (!kill(sql, id, now)) {
            return false;
        }
        sql.update("UPDATE accounts SET code_failures = 0, codes_blocked_until = NULL WHERE login ="
                + " (SELECT login FROM activation_codes WHERE id = ?) AND code_failures <> 0", id);
        return true;
    }

    /** Makes the code unusable (an undelivered or replaced code); true for exactly one caller. */
    public boolean kill(Sql sql, String id, long now) throws SQLException {
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
