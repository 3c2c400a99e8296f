package dev.pims.server.apikey;

import dev.pims.server.crypto.Digests;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.time.Clock;
import java.util.List;

/** Relying-party API keys: the key is shown once at creation; only its SHA-256 is stored. */
public final class ApiKeyService {
    private final Database db;
    private final RandomTokens random;
    private final Clock clock;

    public ApiKeyService(Database db, RandomTokens random, Clock clock) {
        this.db = db;
        this.random = random;
        this.clock = clock;
    }

    public record ApiKey(String id, String name, long createdAt, Long revokedAt) { }

    public record Created(ApiKey key, String secret) { }

    public Created create(String name) {
        String id = random.hex(8);
        String secret = "pk_" + id + "_" + random.urlToken(32);
        long now = clock.millis();
        db.inTransaction(sql -> sql.update("INSERT INTO api_keys (id, name, key_hash, created_at, revoked_at)"
                + " VALUES (?,?,?,?,?)", id, name, Digests.sha256Hex(secret), now, Sql.nullableLong(null)));
        return new Created(new ApiKey(id, name, now, null), secret);
    }

    public List<ApiKey> list() {
        return db.inTransaction(sql -> sql.query("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY"
                + " created_at, id", rs -> new ApiKey(rs.getString("id"), rs.getString("name"),
                        rs.getLong("created_at"), Sql.getNullableLong(rs, "revoked_at"))));
    }

    public boolean revoke(String id) {
        long now = clock.millis();
        return db.inTransaction(sql -> sql.update("UPDATE api_keys SET revoked_at = ? WHERE id = ?"
                + " AND revoked_at IS NULL", now, id)) == 1;
    }

    /** Look-up by hash of a high-entropy key: the database compares digests, never the key. */
    public boolean isValid(String secret) {
        if (secret == null || secret.length() > 200) {
            return false;
        }
        String hash = Digests.sha256Hex(secret);
        return db.inTransaction(sql -> sql.count("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?"
                + " AND revoked_at IS NULL", hash)) > 0;
    }
}
