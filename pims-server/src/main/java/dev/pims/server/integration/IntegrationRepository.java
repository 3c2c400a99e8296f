package dev.pims.server.integration;

import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.db.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.pims.protocol.crypto.RsaPrivateKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

public final class IntegrationRepository {
    private static final String COLUMNS = "macid, pin_min_length, pin_max_length, max_pin_errors, max_devices,"
            + " max_activations, code_length, code_lifetime_s, code_max_tries, challenge_lifetime_s, otp_lifetime_s,"
            + " pinless_allowed, min_client_version, rsa_bits, kfact_modulus, kfact_private_enc, created_at";
    private final StoredRsaKeys keys;
    /**
     * Opened factory keys by macid and sealed form. Every device request reads its integration row; opening the
     * sealed key (AES-GCM, then four big integers parsed) each time is wasted work, since a sealed value
     * always opens to the same key. The row is still read on every request, so a policy change is seen at
     * once on every node; only the decryption is remembered. Bounded: cleared when it grows past 1024.
     */
    private final Map<String, RsaPrivateKey> opened = new ConcurrentHashMap<>();

    public IntegrationRepository(StoredRsaKeys keys) {
        this.keys = keys;
    }

    public Optional<Integration> find(Sql sql, String macid) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM integrations WHERE macid = ?", this::map, macid);
    }

    public List<Integration> all(Sql sql) throws SQLException {
        return sql.query("SELECT " + COLUMNS + " FROM integrations ORDER BY macid", this::map);
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

    private Integration map(ResultSet rs) throws SQLException {
        String macid = rs.getString("macid");
        Policy p = new Policy(rs.getInt("pin_min_length"), rs.getInt("pin_max_length"), rs.getInt("max_pin_errors"),
                rs.getInt("max_devices"), rs.getInt("max_activations"), rs.getInt("code_length"),
                rs.getInt("code_lifetime_s"), rs.getInt("code_max_tries"), rs.getInt("challenge_lifetime_s"),
                rs.getInt("otp_lifetime_s"), rs.getBoolean("pinless_allowed"), rs.getString("min_client_version"),
                rs.getInt("rsa_bits"));
        return new Integration(macid, p, open(macid, rs.getString("kfact_private_enc")), rs.getLong("created_at"));
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
