package dev.pims.server.device;

import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.LockRank;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class DeviceRepository {
    private static final String COLUMNS = "id, login, macid, name, state, service_id, serial_enc, kma_enc, k0_enc,"
            + " k1_enc, k1_prev_enc, secval_enc, ms_id, ms_private_enc, created_at, last_used_at";
    private final SecretBox box;

    public DeviceRepository(SecretBox box) {
        this.box = box;
    }

    public Optional<Device> find(Sql sql, String id) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM devices WHERE id = ?", this::map, id);
    }

    public Optional<Device> lock(Sql sql, String id) throws SQLException {
        sql.acquiring(LockRank.DEVICE, id);
        return sql.one("SELECT " + COLUMNS + " FROM devices WHERE id = ? FOR UPDATE", this::map, id);
    }

    /** Row-locks every device of {@code login}, in ascending id (the lock order), and returns them. */
    public List<Device> lockAllOf(Sql sql, String login) throws SQLException {
        sql.acquiring(LockRank.DEVICE, null);
        return sql.query("SELECT " + COLUMNS + " FROM devices WHERE login = ? ORDER BY id FOR UPDATE", this::map,
                login);
    }

    public List<Device> ofAccount(Sql sql, String login) throws SQLException {
        return sql.query("SELECT " + COLUMNS + " FROM devices WHERE login = ? ORDER BY created_at, id", this::map,
                login);
    }

    public void insert(Sql sql, Device d) throws SQLException {
        sql.update("INSERT INTO devices (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", d.id(),
                d.login(), d.macid(), d.name(), d.state().name(), d.serviceId(), seal(d.id(), "serial", d.serial()),
                seal(d.id(), "kma", d.kmaHex()), seal(d.id(), "k0", d.k0()), seal(d.id(), "k1", d.k1()),
                seal(d.id(), "k1prev", d.k1Prev()), seal(d.id(), "secval", d.secval()), d.msId(),
                d.msPrivateSealed(), d.createdAt(), Sql.nullableLong(d.lastUsedAt()));
    }

    /** Step 3 done: store secval, forget the ms key, become ACTIVE. */
    public void activate(Sql sql, String id, String secval) throws SQLException {
        sql.update("UPDATE devices SET secval_enc = ?, ms_id = NULL, ms_private_enc = NULL, state = ? WHERE id = ?",
                seal(id, "secval", secval), DeviceState.ACTIVE.name(), id);
    }

    public void ratchet(Sql sql, String id, String k1, String k1Prev, long usedAt) throws SQLException {
        sql.update("UPDATE devices SET k1_enc = ?, k1_prev_enc = ?, last_used_at = ? WHERE id = ?",
                seal(id, "k1", k1), seal(id, "k1prev", k1Prev), usedAt, id);
    }

    public void setState(Sql sql, String id, DeviceState state) throws SQLException {
        sql.update("UPDATE devices SET state = ? WHERE id = ?", state.name(), id);
    }

    /** REMOVED is terminal: the secrets are wiped, the row stays for the audit trail. */
    public void remove(Sql sql, String id) throws SQLException {
        sql.update("UPDATE devices SET state = ?, serial_enc = NULL, kma_enc = NULL, k0_enc = NULL, k1_enc = NULL,"
                + " k1_prev_enc = NULL, secval_enc = NULL, ms_id = NULL, ms_private_enc = NULL WHERE id = ?",
                DeviceState.REMOVED.name(), id);
    }

    private static final String STALE_PENDING = " AND d.state = ? AND NOT EXISTS (SELECT 1 FROM challenges c"
            + " WHERE c.device_id = d.id AND c.used_at IS NULL AND c.expires_at > ?)";

    /** AWAITING_SECRET devices of {@code login} whose ms step can no longer succeed (no live ms challenge). */
    public List<String> stalePending(Sql sql, String login, long now) throws SQLException {
        return sql.query("SELECT d.id FROM devices d WHERE d.login = ?" + STALE_PENDING, rs -> rs.getString(1), login,
                DeviceState.AWAITING_SECRET.name(), now);
    }

    /** Locks the device and, if it is still a stale pending device, makes it REMOVED (secrets wiped). */
    public boolean removeIfStalePending(Sql sql, String id, long now) throws SQLException {
        Optional<String> still = sql.one("SELECT d.id FROM devices d WHERE d.id = ?" + STALE_PENDING + " FOR UPDATE",
                rs -> rs.getString(1), id, DeviceState.AWAITING_SECRET.name(), now);
        if (still.isEmpty()) {
            return false;
        }
        sql.update("DELETE FROM challenges WHERE device_id = ?", id);
        remove(sql, id);
        return true;
    }

    public long countTowardsLimit(Sql sql, String login) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM devices WHERE login = ? AND state IN (?, ?)", login,
                DeviceState.ACTIVE.name(), DeviceState.DISABLED.name());
    }

    public long countActiveOf(Sql sql, String login, String macid) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM devices WHERE login = ? AND macid = ? AND state = ?", login, macid,
                DeviceState.ACTIVE.name());
    }

    public long countActive(Sql sql, String login) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM devices WHERE login = ? AND state = ?", login,
                DeviceState.ACTIVE.name());
    }

    private String seal(String id, String what, String value) {
        return value == null || value.isEmpty() ? null : box.sealText(purpose(id, what), value);
    }

    private String open(String id, String what, String sealed) {
        return sealed == null ? "" : box.openText(purpose(id, what), sealed);
    }

    private static String purpose(String id, String what) {
        return "device." + what + ":" + id;
    }

    private Device map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new Device(id, rs.getString("login"), rs.getString("macid"), rs.getString("name"),
                DeviceState.valueOf(rs.getString("state")), rs.getString("service_id"),
                open(id, "serial", rs.getString("serial_enc")), open(id, "kma", rs.getString("kma_enc")),
                open(id, "k0", rs.getString("k0_enc")), open(id, "k1", rs.getString("k1_enc")),
                open(id, "k1prev", rs.getString("k1_prev_enc")), open(id, "secval", rs.getString("secval_enc")),
                rs.getString("ms_id"), rs.getString("ms_private_enc"), rs.getLong("created_at"),
                Sql.getNullableLong(rs, "last_used_at"));
    }
}
