package dev.pims.server.oauth;

import dev.pims.server.crypto.Digests;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Registry of the token endpoint's clients. Secrets are random (32 bytes) and stored as SHA-256; the
 * development client {@code pims-dev} / {@code pims-dev-secret} is created by migration V2.
 */
public final class OAuthClients {
    public static final String DEV_CLIENT_ID = "pims-dev";
    private static final String DUMMY_HASH = Digests.sha256Hex("no such client");
    private final Database db;
    private final RandomTokens random;
    private final Clock clock;

    public OAuthClients(Database db, RandomTokens random, Clock clock) {
        this.db = db;
        this.random = random;
        this.clock = clock;
    }

    public record Client(String clientId, String name, long createdAt, Long revokedAt) { }

    public record Created(Client client, String secret) {
        @Override
        public String toString() {
            return "Created[" + client.clientId() + "]";
        }
    }

    /** True when the client exists, is not revoked and the secret matches (constant time). */
    public boolean authenticate(String clientId, String secret) {
        if (clientId == null || secret == null || clientId.length() > 128 || secret.length() > 1024) {
            return false;
        }
        Optional<String> stored = db.inTransaction(sql -> sql.one(
                "SELECT secret_hash FROM oauth_clients WHERE client_id = ? AND revoked_at IS NULL",
                rs -> rs.getString(1), clientId));
        boolean match = MessageDigest.isEqual(stored.orElse(DUMMY_HASH).getBytes(StandardCharsets.US_ASCII),
                Digests.sha256Hex(secret).getBytes(StandardCharsets.US_ASCII));
        return stored.isPresent() && match;
    }

    /** Empty when the id is taken. */
    public Optional<Created> create(String clientId, String name) {
        String secret = random.urlToken(32);
        long now = clock.millis();
        return db.inTransaction(sql -> {
            if (sql.count("SELECT COUNT(*) FROM oauth_clients WHERE client_id = ?", clientId) > 0) {
                return Optional.empty();
            }
            sql.update("INSERT INTO oauth_clients (client_id, secret_hash, name, created_at, revoked_at)"
                    + " VALUES (?,?,?,?,?)", clientId, Digests.sha256Hex(secret), name, now,
                    dev.pims.server.db.Sql.nullableLong(null));
            return Optional.of(new Created(new Client(clientId, name, now, null), secret));
        });
    }

    public List<Client> list() {
        return db.inTransaction(sql -> sql.query("SELECT client_id, name, created_at, revoked_at FROM oauth_clients"
                + " ORDER BY created_at, client_id", rs -> new Client(rs.getString(1), rs.getString(2), rs.getLong(3),
                dev.pims.server.db.Sql.getNullableLong(rs, "revoked_at"))));
    }

    /** Revokes the client and every token issued to it; false when unknown or already revoked. */
    public boolean revoke(String clientId) {
        long now = clock.millis();
        return db.inTransaction(sql -> {
            int n = sql.update("UPDATE oauth_clients SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL",
                    now, clientId);
            sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL", now,
                    clientId);
            return n == 1;
        });
    }
}
