package dev.pims.server.oauth;

import dev.pims.server.http.ClientAddress;
import dev.pims.server.http.Json;
import dev.pims.server.limits.AddressLimiter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v1/oauth/token} (password and refresh_token grants) and {@code POST /api/v1/oauth/revoke}.
 * Form bodies; client credentials in the body or as HTTP Basic. Errors in the OAuth2 shape
 * {@code {"error": "invalid_grant"}}: invalid_client 401, the others 400. Nothing here is ever logged.
 */
public final class OAuthRoutes {
    private static final int MAX_BODY = 16 * 1024;
    /** Form field and answer field of the known-client token ({@link LoginThrottle}). */
    public static final String KNOWN_CLIENT = "known_client_token";
    private final OAuthClients clients;
    private final TokenService tokens;
    private final AddressLimiter perAddress;
    private final Json json;

    /** {@code perAddress}: the budget of failed password grants per client address (in memory, per node). */
    public OAuthRoutes(OAuthClients clients, TokenService tokens, AddressLimiter perAddress, Json json) {
        this.clients = clients;
        this.tokens = tokens;
        this.perAddress = perAddress;
        this.json = json;
    }

    public void register(RoutesConfig r) {
        r.post("/api/v1/oauth/token", this::token);
        r.post("/api/v1/oauth/revoke", this::revoke);
    }

    private static final class OAuthError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        OAuthError(int status, String error) {
            super(error, null, false, false);
            this.status = status;
        }
    }

    private void token(Context ctx) {
        ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
        try {
            Map<String, String> form = form(ctx);
            String address = ClientAddress.of(ctx);
            AddressLimiter.Decision admitted = "password".equals(form.get("grant_type")) ? perAddress.peek(address)
                    : AddressLimiter.Decision.ALLOWED;
            if (!admitted.allowed()) {
                // before the client check and the hash: a guessing address costs nothing more
                ctx.header("Retry-After", Long.toString(admitted.retryAfterSeconds()));
                throw new OAuthError(429, "slow_down");
            }
            String clientId = client(ctx, form);
            String grant = required(form, "grant_type");
            TokenService.Issued t;
            String known = null;
            switch (grant) {
                case "password" -> {
                    String username = required(form, "username");
                    String password = required(form, "password");
                    if (username.length() > 256 || password.length() > 1024) {
                        throw new OAuthError(400, "invalid_request");
                    }
                    TokenService.Grant g = tokens.passwordGrant(clientId, username, password,
                            form.get(KNOWN_CLIENT));
                    switch (g) {
                        case TokenService.Grant.Busy b -> {
                            ctx.header("Retry-After", Long.toString(b.retryAfterSeconds()));
                            throw new OAuthError(503, "temporarily_unavailable");
                        }
                        case TokenService.Grant.Refused r -> {
                            perAddress.charge(address);
                            throw new OAuthError(400, "invalid_grant");
                        }
                        case TokenService.Grant.Granted ok -> {
                            t = ok.issued();
                            known = ok.knownClientToken();
                        }
                    }
                }
                case "refresh_token" -> t = tokens.refresh(clientId, required(form, "refresh_token"))
                        .orElseThrow(() -> new OAuthError(400, "invalid_grant"));
                default -> throw new OAuthError(400, "unsupported_grant_type");
            }
            var body = json.object().put("access_token", t.accessToken()).put("token_type", "Bearer")
                    .put("expires_in", t.expiresIn()).put("refresh_token", t.refreshToken())
                    .put("id_token", t.idToken()).put("username", t.login());
            if (known != null) {
                body.put(KNOWN_CLIENT, known);
            }
            json.send(ctx, 200, body);
        } catch (OAuthError e) {
            if (e.status == 401) {
                ctx.header("WWW-Authenticate", "Basic realm=\"pims\"");
            }
            json.send(ctx, e.status, json.object().put("error", e.getMessage()));
        }
    }

    private void revoke(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        try {
            Map<String, String> form = form(ctx);
            String clientId = client(ctx, form);
            String token = form.get("token");
            if (token != null && !token.isEmpty()) {
                tokens.revoke(clientId, token);
            }
        } catch (OAuthError e) {
            // RFC 7009 style: the answer is always 200 {}; nothing was revoked
        }
        json.send(ctx, 200, json.object());
    }

    /** Client id after authenticating it (body or HTTP Basic). */
    private String client(Context ctx, Map<String, String> form) {
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String h = ctx.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                    secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw new OAuthError(401, "invalid_client");
            }
        }
        if (id == null || secret == null || !clients.authenticate(id, secret)) {
            throw new OAuthError(401, "invalid_client");
        }
        return id;
    }

    private static String required(Map<String, String> form, String name) {
        String v = form.get(name);
        if (v == null || v.isEmpty()) {
            throw new OAuthError(400, "invalid_request");
        }
        return v;
    }

    /** The form fields; a duplicated field, a wrong content type or a too large body is invalid_request. */
    private static Map<String, String> form(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || ctx.contentLength() > MAX_BODY) {
            if (ctx.contentLength() > MAX_BODY) {
                ctx.header("Connection", "close"); // the body stays unread: no further request on this connection
            }
            throw new OAuthError(400, "invalid_request");
        }
        Map<String, List<String>> raw;
        try {
            raw = ctx.formParamMap();
        } catch (RuntimeException e) {
            throw new OAuthError(400, "invalid_request");
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : raw.entrySet()) {
            if (e.getValue().size() != 1) {
                throw new OAuthError(400, "invalid_request");
            }
            out.put(e.getKey(), e.getValue().get(0));
        }
        return out;
    }
}
