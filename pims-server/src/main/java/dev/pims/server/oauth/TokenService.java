package dev.pims.server.oauth;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.PasswordHasher;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * OAuth2-style tokens for the account API. Tokens are 32 random bytes (base64url), stored only as keyed
 * HMACs. A password grant starts a family (access + refresh + id token); a refresh revokes the family's live
 * tokens and issues a new set in the same family (rotation). Presenting a refresh token that was already
 * rotated or revoked revokes the whole family (theft detection). Revocation revokes the family.
 */
public final class TokenService {
    public static final long ACCESS_SECONDS = 3600;
    public static final long REFRESH_SECONDS = 30L * 24 * 3600;
    private static final String ACCESS = "access";
    private static final String REFRESH = "refresh";
    private static final String ID = "id";
    private final Database db;
    private final AccountRepository accounts;
    private final PasswordHasher passwords;
    private final SecretBox box;
    private final RandomTokens random;
    private final AuditLog audit;
    private final Clock clock;
    private volatile String dummyHash;

    public TokenService(Database db, AccountRepository accounts, PasswordHasher passwords, SecretBox box,
            RandomTokens random, AuditLog audit, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.passwords = passwords;
        this.box = box;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
    }

    public record Issued(String accessToken, String refreshToken, String idToken, long expiresIn, String login) {
        @Override
        public String toString() {
            return "Issued[" + login + "]";
        }
    }

    /** Empty = invalid_grant. */
    public Optional<Issued> passwordGrant(String clientId, String username, String password) {
        Optional<Account> account = username.length() > 128 ? Optional.empty()
                : db.inTransaction(sql -> accounts.find(sql, username));
        Optional<String> hash = account.flatMap(Account::passwordHash);
        // the slow hash runs whether or not the account exists, so timing tells nothing
        boolean ok = passwords.verify(password, hash.orElseGet(this::dummyHash)) && hash.isPresent();
        return db.inTransaction(sql -> {
            if (!ok) {
                audit.record(sql, account.map(Account::login).orElse(null), null, "oauth.password", "invalid_grant");
                return Optional.empty();
            }
            String family = random.hex(16);
            Issued issued = issue(sql, family, account.get().login(), clientId);
            audit.record(sql, account.get().login(), null, "oauth.password", "OK");
            return Optional.of(issued);
        });
    }

    /** Empty = invalid_grant. */
    public Optional<Issued> refresh(String clientId, String refreshToken) {
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<TokenRow> row = find(sql, refreshToken);
            if (row.isEmpty() || !row.get().kind().equals(REFRESH) || !row.get().clientId().equals(clientId)) {
                return Optional.empty();
            }
            TokenRow t = row.get();
            if (t.revokedAt() != null) {
                revokeFamily(sql, t.family(), now);
                audit.record(sql, t.login(), null, "oauth.refresh", "reused:family_revoked");
                return Optional.empty();
            }
            if (now >= t.expiresAt() || accounts.find(sql, t.login()).isEmpty()) {
                audit.record(sql, t.login(), null, "oauth.refresh", "expired");
                return Optional.empty();
            }
            if (sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", now,
                    t.hash()) != 1) {
                return Optional.empty();
            }
            revokeFamily(sql, t.family(), now);
            Issued issued = issue(sql, t.family(), t.login(), clientId);
            audit.record(sql, t.login(), null, "oauth.refresh", "OK");
            return Optional.of(issued);
        });
    }

    /** Revokes the family of {@code token} when it was issued to {@code clientId}; silent otherwise. */
    public void revoke(String clientId, String token) {
        long now = clock.millis();
        db.inTransaction(sql -> {
            Optional<TokenRow> row = find(sql, token);
            if (row.isPresent() && row.get().clientId().equals(clientId)) {
                revokeFamily(sql, row.get().family(), now);
                audit.record(sql, row.get().login(), null, "oauth.revoke", "OK");
            }
            return null;
        });
    }

    /** The login a live access token belongs to. */
    public Optional<String> authenticate(String accessToken) {
        if (accessToken == null || accessToken.isEmpty() || accessToken.length() > 256) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.inTransaction(sql -> find(sql, accessToken)
                .filter(t -> t.kind().equals(ACCESS) && t.revokedAt() == null && now < t.expiresAt())
                .map(TokenRow::login));
    }

    private Issued issue(Sql sql, String family, String login, String clientId) throws SQLException {
        long now = clock.millis();
        sql.update("DELETE FROM oauth_tokens WHERE login = ? AND expires_at < ?", login, now - 24L * 3600 * 1000);
        String access = store(sql, ACCESS, family, login, clientId, now, now + ACCESS_SECONDS * 1000);
        String refresh = store(sql, REFRESH, family, login, clientId, now, now + REFRESH_SECONDS * 1000);
        String id = store(sql, ID, family, login, clientId, now, now + ACCESS_SECONDS * 1000);
        return new Issued(access, refresh, id, ACCESS_SECONDS, login);
    }

    private String store(Sql sql, String kind, String family, String login, String clientId, long now, long expires)
            throws SQLException {
        String token = random.urlToken(32);
        sql.update("INSERT INTO oauth_tokens (token_hash, kind, family, login, client_id, issued_at, expires_at,"
                + " revoked_at) VALUES (?,?,?,?,?,?,?,?)", hash(token), kind, family, login, clientId, now, expires,
                Sql.nullableLong(null));
        return token;
    }

    private void revokeFamily(Sql sql, String family, long now) throws SQLException {
        sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE family = ? AND revoked_at IS NULL", now, family);
    }

    private record TokenRow(String hash, String kind, String family, String login, String clientId, long expiresAt,
            Long revokedAt) { }

    private Optional<TokenRow> find(Sql sql, String token) throws SQLException {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        return sql.one("SELECT token_hash, kind, family, login, client_id, expires_at, revoked_at FROM oauth_tokens"
                + " WHERE token_hash = ?", rs -> new TokenRow(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getLong(6), Sql.getNullableLong(rs, "revoked_at")), hash(token));
    }

    private String hash(String token) {
        return box.lookupHash("oauth-token", token);
    }

    private String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            h = passwords.hash("not a password of anyone");
            dummyHash = h;
        }
        return h;
    }
}
