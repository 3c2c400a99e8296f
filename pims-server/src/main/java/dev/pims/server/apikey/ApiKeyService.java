package dev.pims.server.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pims.server.crypto.Digests;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Relying-party API keys: the key is shown once at creation; only its SHA-256 is stored. A key belongs to one or
 * more integrations and verifies only OTPs of their devices (docs/security.md, "Relying parties").
 *
 * <p>{@link #find} is a node cache (docs/architecture.md, "Caches"): a key's look-up is remembered for
 * {@code ttl} (1 s by default), so a verification costs no statement for its key; a revocation is seen at once on
 * the node that made it and within {@code ttl} on the others. Wrong keys are remembered too (bounded).
 */
public final class ApiKeyService {
    private final Database db;
    private final RandomTokens random;
    private final Clock clock;
    private final Cache<String, Optional<RelyingParty>> cache;

    public ApiKeyService(Database db, RandomTokens random, Clock clock, Duration ttl) {
        this.db = db;
        this.random = random;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).executor(Runnable::run).build();
    }

    /** {@code allIntegrations}: a legacy key from before keys had integrations. */
    public record ApiKey(String id, String name, long createdAt, Long revokedAt, boolean allIntegrations,
            List<String> integrations) { }

    public sealed interface CreateResult {
        record Created(ApiKey key, String secret) implements CreateResult { }
        record UnknownIntegration(String macid) implements CreateResult { }
    }

    /** A key for {@code integrations} (at least one, each existing). */
    public CreateResult create(String name, List<String> integrations) {
        if (integrations.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one integration");
        }
        Set<String> macids = new LinkedHashSet<>(integrations);
        String id = random.hex(8);
        String secret = "pk_" + id + "_" + random.urlToken(32);
        long now = clock.millis();
        return db.inTransaction(sql -> {
            for (String macid : macids) {
                if (sql.count("SELECT COUNT(*) FROM integrations WHERE macid = ?", macid) == 0) {
                    return new CreateResult.UnknownIntegration(macid);
                }
            }
            sql.update("INSERT INTO api_keys (id, name, key_hash, created_at, revoked_at, all_integrations)"
                    + " VALUES (?,?,?,?,?,?)", id, name, Digests.sha256Hex(secret), now, Sql.nullableLong(null), false);
            for (String macid : macids) {
                sql.update("INSERT INTO api_key_integrations (key_id, macid) VALUES (?,?)", id, macid);
            }
            return new CreateResult.Created(new ApiKey(id, name, now, null, false, List.copyOf(macids)), secret);
        });
    }

    public List<ApiKey> list() {
        return db.inTransaction(sql -> {
            List<ApiKey> out = new ArrayList<>();
            for (ApiKey k : sql.query("SELECT id, name, created_at, revoked_at, all_integrations FROM api_keys"
                    + " ORDER BY created_at, id", rs -> new ApiKey(rs.getString("id"), rs.getString("name"),
                            rs.getLong("created_at"), Sql.getNullableLong(rs, "revoked_at"),
                            rs.getBoolean("all_integrations"), List.of()))) {
                out.add(new ApiKey(k.id(), k.name(), k.createdAt(), k.revokedAt(), k.allIntegrations(),
                        integrations(sql, k.id())));
            }
            return out;
        });
    }

    public boolean revoke(String id) {
        long now = clock.millis();
        try {
            return db.inTransaction(sql -> sql.update("UPDATE api_keys SET revoked_at = ? WHERE id = ?"
                    + " AND revoked_at IS NULL", now, id)) == 1;
        } finally {
            cache.invalidateAll();
        }
    }

    /** The relying party a live key stands for; empty for an unknown or revoked key. */
    public Optional<RelyingParty> find(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = Digests.sha256Hex(secret);
        Optional<RelyingParty> cached = cache.getIfPresent(hash);
        if (cached != null) {
            return cached;
        }
        Optional<RelyingParty> read = db.inTransaction(sql -> {
            Optional<String[]> key = sql.one("SELECT id, all_integrations FROM api_keys WHERE key_hash = ?"
                    + " AND revoked_at IS NULL", rs -> new String[] {rs.getString(1),
                            Boolean.toString(rs.getBoolean(2))}, hash);
            if (key.isEmpty()) {
                return Optional.<RelyingParty>empty();
            }
            return Optional.of(new RelyingParty(key.get()[0], Boolean.parseBoolean(key.get()[1]),
                    new HashSet<>(integrations(sql, key.get()[0]))));
        });
        cache.put(hash, read);
        return read;
    }

    private static List<String> integrations(Sql sql, String keyId) throws SQLException {
        return sql.query("SELECT macid FROM api_key_integrations WHERE key_id = ? ORDER BY macid",
                rs -> rs.getString(1), keyId);
    }
}
