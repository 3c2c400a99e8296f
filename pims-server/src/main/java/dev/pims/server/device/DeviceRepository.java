package dev.pims.server.device;

import dev.pims.server.account.AccountRepository;
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
    private static final String JOINED_COLUMNS = "d.id, d.login, d.macid, d.name, d.state, d.service_id, d.serial_enc,"
            + " d.kma_enc, d.k0_enc, d.k1_enc, d.k1_prev_enc, d.secval_enc, d.ms_id, d.ms_private_enc, d.created_at,"
            + " d.last_used_at, d.otp_minute_start, d.otp_minute_count, d.otp_hour_start, d.otp_hour_count";
    private final SecretBox box;
    private final AccountRepository accounts;

    public DeviceRepository(SecretBox box, AccountRepository accounts) {
        this.box = box;
        this.accounts = accounts;
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

    /**
     * The device-protocol lock: ONE statement that reads and row-locks the device and its account (device rank,
     * then account rank: docs/architecture.md, "Lock order") and reads the device's challenge and OTP issuance
     * counters. Both PostgreSQL ({@code FOR UPDATE OF d, a}) and H2 lock both rows (checked by LockJoinTest).
     */
    public Optional<LockedDevice> lockWithAccount(Sql sql, String id) throws SQLException {
        sql.acquiring(LockRank.DEVICE, id);
        sql.acquiring(LockRank.ACCOUNT, null);
        return sql.one("SELECT " + JOINED_COLUMNS + ", " + AccountRepository.JOINED + ", " + ChallengeRepository.JOINED
                + " FROM devices d JOIN accounts a ON a.login = d.login LEFT JOIN challenges c ON c.device_id = d.id"
                + " WHERE d.id = ? FOR UPDATE OF d, a", rs -> new LockedDevice(map(rs), accounts.map(rs, "a_"),
                        ChallengeRepository.mapJoined(rs), new OtpIssuance(rs.getLong("otp_minute_start"),
                                rs.getInt("otp_minute_count"), rs.getLong("otp_hour_start"), rs.getInt("otp_hour_count"))),
                id);
    }

    /** Stores the OTP issuance counters of a row-locked device. */
    public void recordOtpIssuance(Sql sql, String id, OtpIssuance i) throws SQLException {
        sql.update("UPDATE devices SET otp_minute_start = ?, otp_minute_count = ?, otp_hour_start = ?, otp_hour_count = ?"
                + " WHERE id = ?", i.minuteStart(), i.minuteCount(), i.hourStart(), i.hourCount(), id);
    }

    /** The OTP issuance counters of the devices of {@code login} (administrator's view), by device id. */
    public java.util.Map<String, OtpIssuance> otpIssuance(Sql sql, String login) throws SQLException {
        java.util.Map<String, OtpIssuance> out = new java.util.LinkedHashMap<>();
        sql.query("SELECT id, otp_minute_start, otp_minute_count, otp_hour_start, otp_hour_count FROM devices"
                + " WHERE login = ? ORDER BY id", rs -> out.put(rs.getString(1), new OtpIssuance(rs.getLong(2),
                        rs.getInt(3), rs.getLong(4), rs.getInt(5))), login);
        return out;
    }

    /** Forgets the OTP issuance counters of the devices of {@code login} (administrator). */
    public int clearOtpIssuance(Sql sql, String login) throws SQLException {
        return sql.update("UPDATE devices SET otp_minute_start = 0, otp_minute_count = 0, otp_hour_start = 0,"
                + " otp_hour_count = 0 WHERE login = ?", login);
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

    /**
     * Makes every stale pending device of {@code login} REMOVED (secrets wiped), in one statement: hygiene at the
     * start of an activation finalize, inside its transaction (the code is locked; devices are locked before the
     * account). Returns how many.
     */
    public int removeStalePending(Sql sql, String login, long now) throws SQLException {
        sql.acquiring(LockRank.DEVICE, null);
        return sql.update("UPDATE devices d SET state = ?, serial_enc = NULL, kma_enc = NULL, k0_enc = NULL,"
                + " k1_enc = NULL, k1_prev_enc = NULL, secval_enc = NULL, ms_id = NULL, ms_private_enc = NULL"
                + " WHERE d.login = ?" + STALE_PENDING, DeviceState.REMOVED.name(), login,
                DeviceState.AWAITING_SECRET.name(), now);
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
        // by name: the device columns are unprefixed in the joined read too
        return new Device(id, rs.getString("login"), rs.getString("macid"), rs.getString("name"),
                DeviceState.valueOf(rs.getString("state")), rs.getString("service_id"),
                open(id, "serial", rs.getString("serial_enc")), open(id, "kma", rs.getString("kma_enc")),
                open(id, "k0", rs.getString("k0_enc")), open(id, "k1", rs.getString("k1_enc")),
                open(id, "k1prev", rs.getString("k1_prev_enc")), open(id, "secval", rs.getString("secval_enc")),
                rs.getString("ms_id"), rs.getString("ms_private_enc"), rs.getLong("created_at"),
                Sql.getNullableLong(rs, "last_used_at"));
    }
}
