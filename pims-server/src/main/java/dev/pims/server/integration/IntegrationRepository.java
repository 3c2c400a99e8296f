package dev.pims.server.integration;

import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.server.limits.AbuseLimits;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

public final class IntegrationRepository {
    private static final String COLUMNS = "macid, pin_min_length, pin_max_length, max_pin_errors, max_devices,"
            + " max_activations, code_length, code_lifetime_s, code_max_tries, challenge_lifetime_s, otp_lifetime_s,"
            + " pinless_allowed, min_client_version, rsa_bits, kfact_modulus, kfact_private_enc, created_at";
    private static final String LIMIT_COLUMNS = "sms_per_account_per_day, otp_per_device_per_minute,"
            + " otp_per_device_per_hour, pin_lock_after, pin_lock_seconds";
    /** The integration with its limits in one statement (an integration without a limits row has the defaults). */
    private static final String SELECT = "SELECT i.*, l.macid AS l_macid, l.sms_per_account_per_day,"
            + " l.otp_per_device_per_minute, l.otp_per_device_per_hour, l.pin_lock_after, l.pin_lock_seconds"
            + " FROM integrations i LEFT JOIN integration_limits l ON l.macid = i.macid";
    private final StoredRsaKeys keys;
    /**
     * Opened factory keys by macid and sealed form. Every device request reads its integration row; opening the
     * sealed key (AES-GCM, then four big integers parsed) each time is wasted work, since a sealed value
     * always opens to the same key. Bounded: cleared when it grows past 1024.
     */
    private final Map<String, RsaPrivateKey> opened = new ConcurrentHashMap<>();

    public IntegrationRepository(StoredRsaKeys keys) {
        this.keys = keys;
    }

    public Optional<Integration> find(Sql sql, String macid) throws SQLException {
        return sql.one(SELECT + " WHERE i.macid = ?", this::map, macid);
    }

    public List<Integration> all(Sql sql) throws SQLException {
        return sql.query(SELECT + " ORDER BY i.macid", this::map);
    }

    public void insert(Sql sql, Integration i) throws SQLException {
        Policy p = i.policy();
        sql.update("INSERT INTO integrations (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                i.macid(), p.pinMinLength(), p.pinMaxLength(), p.maxPinErrors(), p.maxDevices(),
                p.maxActivations(), p.codeLength(), p.codeLifetimeSeconds(), p.codeMaxTries(),
                p.challengeLifetimeSeconds(), p.otpLifetimeSeconds(), p.pinlessAllowed(), p.minClientVersion(),
                p.rsaBits(), i.kfact().modulus().toString(16), keys.seal(purpose(i.macid()), i.kfact()),
                i.createdAt());
    }

    public int updatePolicy(Sql sql, String macid, Policy p) throws SQLException {
        return sql.update("UPDATE integrations SET pin_min_length = ?, pin_max_length = ?, max_pin_errors = ?,"
                + " max_devices = ?, max_activations = ?, code_length = ?, code_lifetime_s = ?, code_max_tries = ?,"
                + " challenge_lifetime_s = ?, otp_lifetime_s = ?, pinless_allowed = ?, min_client_version = ?"
                + " WHERE macid = ?",
                p.pinMinLength(), p.pinMaxLength(), p.maxPinErrors(), p.maxDevices(), p.maxActivations(),
                p.codeLength(), p.codeLifetimeSeconds(), p.codeMaxTries(), p.challengeLifetimeSeconds(),
                p.otpLifetimeSeconds(), p.pinlessAllowed(), p.minClientVersion(), macid);
    }

    /** Inserts or replaces the limits row of an existing integration. */
    public void saveLimits(Sql sql, String macid, AbuseLimits l) throws SQLException {
        Object[] values = {l.smsPerAccountPerDay(), l.otpPerDevicePerMinute(), l.otpPerDevicePerHour(),
                l.pinLockAfter(), l.pinLockSeconds(), macid};
        String update = "UPDATE integration_limits SET sms_per_account_per_day = ?, otp_per_device_per_minute = ?,"
                + " otp_per_device_per_hour = ?, pin_lock_after = ?, pin_lock_seconds = ? WHERE macid = ?";
        if (sql.update(update, values) == 0) {
            sql.update("INSERT INTO integration_limits (" + LIMIT_COLUMNS + ", macid) VALUES (?,?,?,?,?,?)"
                    + " ON CONFLICT DO NOTHING", values);
            sql.update(update, values);
        }
    }

    private Integration map(ResultSet rs) throws SQLException {
        String macid = rs.getString("macid");
        Policy p = new Policy(rs.getInt("pin_min_length"), rs.getInt("pin_max_length"), rs.getInt("max_pin_errors"),
                rs.getInt("max_devices"), rs.getInt("max_activations"), rs.getInt("code_length"),
                rs.getInt("code_lifetime_s"), rs.getInt("code_max_tries"), rs.getInt("challenge_lifetime_s"),
                rs.getInt("otp_lifetime_s"), rs.getBoolean("pinless_allowed"), rs.getString("min_client_version"),
                rs.getInt("rsa_bits"));
        AbuseLimits limits = rs.getString("l_macid") == null ? AbuseLimits.defaults()
                : new AbuseLimits(rs.getInt("sms_per_account_per_day"), rs.getInt("otp_per_device_per_minute"),
                        rs.getInt("otp_per_device_per_hour"), rs.getInt("pin_lock_after"), rs.getInt("pin_lock_seconds"));
        return new Integration(macid, p, limits, open(macid, rs.getString("kfact_private_enc")),
                rs.getLong("created_at"));
    }

    private RsaPrivateKey open(String macid, String sealed) {
        String cacheKey = macid + "\n" + sealed; // the purpose binding of the sealed value holds for cached keys too
        RsaPrivateKey key = opened.get(cacheKey);
        if (key == null) {
            key = keys.open(purpose(macid), sealed); // throws for a sealed value that is not this macid's
            if (opened.size() >= 1024) {
                opened.clear();
            }
            opened.put(cacheKey, key);
        }
        return key;
    }

    private static String purpose(String macid) {
        return "integration.kfact:" + macid;
    }
}
