package dev.pims.sdk.internal.account;

import dev.pims.protocol.wire.FormEncoding;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.internal.json.Json;
import dev.pims.sdk.internal.json.JsonException;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import dev.pims.sdk.transport.HttpTransport;
import dev.pims.sdk.internal.transport.TransportErrors;
import dev.pims.sdk.store.DeviceStateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP client of the account API (notes/account-api.md): the OAuth2-style token endpoint and the
 * bearer-authenticated {@code /api/v1/me/...} endpoints. Its only state is the server's known-client token
 * per username: sent back on the next password login, it gives this client its own budget of wrong passwords,
 * so a guesser elsewhere cannot lock the user out. It is kept in memory and in the device state store (read when
 * memory has none for the username, written when the server answers a different one), so it outlives a restart;
 * the store failing never fails a login. Every failure is an {@link SdkException}.
 */
public final class AccountClient {

    /** Form and answer field of the known-client token (docs/account-api.md 1). */
    static final String KNOWN_CLIENT = "known_client_token";
    /** The longest known-client token kept. */
    static final int KNOWN_CLIENT_MAX = 256;
    private final HttpTransport transport;
    private final String base;
    private final String macId;
    private final String clientId;
    private final String clientSecret;
    private final String userAgent;
    private final Clock clock;
    private final DeviceStateStore store;
    private final Map<String, String> knownClients = new ConcurrentHashMap<>();

    public AccountClient(HttpTransport transport, String baseUrl, String macId, String clientId, String clientSecret,
                         String userAgent, Clock clock, DeviceStateStore store) {
        this.transport = transport;
        this.base = baseUrl + "/api/v1";
        this.macId = macId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.userAgent = userAgent;
        this.clock = clock;
        this.store = store;
    }

    /** Password grant. Bad credentials -> 2301; bad client -> 2006. */
    public Session login(String username, String password) throws SdkException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        String known = knownClient(username);
        if (known != null) {
            form.put(KNOWN_CLIENT, known);
        }
        return token(form, username, null);
    }

    /** Refresh grant; keeps the old refresh token when the server does not rotate it. */
    public Session refresh(Session old) throws SdkException {
        if (old.refreshToken() == null) {
            throw SdkError.of(PimsError.NEED_BASIC_AUTHENTICATION).exception();
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", old.refreshToken());
        return token(form, old.username(), old);
    }

    /** Best-effort token revocation; never fails. */
    public void revoke(String token) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        transport.send(new HttpRequest("POST", base + "/oauth/revoke", formHeaders(),
                FormEncoding.encode(form).getBytes(StandardCharsets.UTF_8)));
    }

    private Session token(Map<String, String> form, String username, Session old) throws SdkException {
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        HttpOutcome out = transport.send(new HttpRequest("POST", base + "/oauth/token", formHeaders(),
                FormEncoding.encode(form).getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> json = readJson(out, true);
        Object access = json.get("access_token");
        if (!(access instanceof String) || ((String) access).isEmpty()) {
            throw TransportErrors.unparseable().exception();
        }
        long expiresIn = json.get("expires_in") instanceof Long ? (Long) json.get("expires_in") : 3600L;
        remember(username, str(json, KNOWN_CLIENT));
        String refresh = str(json, "refresh_token");
        String name = str(json, "username");
        return new Session(name != null ? name : username, (String) access,
                refresh != null ? refresh : old == null ? null : old.refreshToken(),
                str(json, "id_token") != null ? str(json, "id_token") : old == null ? null : old.idToken(),
                clock.millis() + Math.max(1, expiresIn) * 1000L);
    }

    /** The token of {@code username}: from memory, else from the store (then kept in memory); null when none. */
    private String knownClient(String username) {
        String known = knownClients.get(username);
        if (known != null) {
            return known;
        }
        Optional<String> stored;
        try {
            stored = store.loadKnownClient(username);
        } catch (RuntimeException e) {
            return null; // a host store's failure: this login goes without it
        }
        if (stored == null || !stored.isPresent() || stored.get().length() > KNOWN_CLIENT_MAX) {
            return null;
        }
        knownClients.putIfAbsent(username, stored.get());
        return stored.get();
    }

    /** Keeps the token the server answered; writes it to the store when it differs from the one in memory. */
    private void remember(String username, String token) {
        if (token == null || token.isEmpty() || token.length() > KNOWN_CLIENT_MAX) {
            return;
        }
        if (token.equals(knownClients.put(username, token))) {
            return;
        }
        try {
            store.saveKnownClient(username, token);
        } catch (IOException | RuntimeException e) {
            // the login succeeded; the token stays in memory and only spares the budget of wrong passwords
        }
    }

    /**
     * One bearer call. {@code body} null sends no body. Returns the answer's JSON object ({@code {}} for an
     * empty 2xx body). {@code names} translates the error body's {@code field} (an account-API field name) to
     * the SDK parameter name of a 2102 label; key {@code "*"} is the default when the body names no field.
     */
    public Map<String, Object> call(String method, String path, Session session, Map<String, Object> body,
                                    Map<String, String> names) throws SdkException {
        Map<String, String> h = commonHeaders();
        h.put("Authorization", "Bearer " + session.accessToken());
        byte[] bytes = null;
        if (body != null) {
            h.put("Content-Type", "application/json; charset=utf-8");
            bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        }
        HttpOutcome out = transport.send(new HttpRequest(method, base + path, h, bytes));
        return readJson(out, false, names);
    }

    private Map<String, Object> readJson(HttpOutcome out, boolean oauth) throws SdkException {
        return readJson(out, oauth, java.util.Collections.<String, String>emptyMap());
    }

    private Map<String, Object> readJson(HttpOutcome out, boolean oauth, Map<String, String> names)
            throws SdkException {
        if (out instanceof HttpOutcome.Failure) {
            throw TransportErrors.of((HttpOutcome.Failure) out).exception();
        }
        HttpOutcome.Response r = (HttpOutcome.Response) out;
        if (r.status() >= 500) {
            throw TransportErrors.serverError().exception();
        }
        String text = r.bodyText();
        Map<String, Object> json;
        try {
            json = text.trim().isEmpty() && r.status() / 100 == 2 ? new LinkedHashMap<>() : Json.parseObject(text);
        } catch (JsonException e) {
            throw TransportErrors.unparseable().exception();
        }
        if (r.status() / 100 == 2) {
            return json;
        }
        String err = str(json, "error");
        if (err == null) {
            throw TransportErrors.unparseable().exception();
        }
        if (oauth) {
            throw oauthError(err).exception();
        }
        String field = str(json, "field");
        String parameter = field == null ? names.get("*") : names.containsKey(field) ? names.get(field) : field;
        return fail(err, parameter);
    }

    private static Map<String, Object> fail(String err, String parameter) throws SdkException {
        if (!ErrorNames.known(err)) {
            throw TransportErrors.unparseable().exception();
        }
        throw ErrorNames.of(err, parameter).exception();
    }

    private static SdkError oauthError(String err) {
        switch (err) {
            case "invalid_grant":
                return SdkError.of(PimsError.NEED_BASIC_AUTHENTICATION);
            case "invalid_client":
            case "unauthorized_client":
                return SdkError.of(PimsError.CORE_NOT_WELL_CONFIGURED);
            case "slow_down":
            case "temporarily_unavailable":
                // too many wrong passwords from this address (429) / password checks saturated (503)
                return TransportErrors.serverError();
            case "invalid_request":
            case "unsupported_grant_type":
            case "invalid_scope":
                return SdkError.invalid("action");
            default:
                return ErrorNames.known(err) ? ErrorNames.of(err, null) : TransportErrors.unparseable();
        }
    }

    private Map<String, String> formHeaders() {
        Map<String, String> h = commonHeaders();
        h.put("Content-Type", "application/x-www-form-urlencoded");
        return h;
    }

    private Map<String, String> commonHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", "application/json");
        h.put("User-Agent", userAgent);
        if (macId != null) {
            h.put("X-Pims-Macid", macId);
        }
        return h;
    }

    static String str(Map<String, Object> json, String key) {
        Object v = json.get(key);
        return v instanceof String ? (String) v : null;
    }
}
