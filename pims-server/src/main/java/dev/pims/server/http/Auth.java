package dev.pims.server.http;

import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.crypto.Digests;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/** Bearer-token checks: the admin token (constant-time) and relying-party API keys (by hash). */
public final class Auth {
    private final String adminToken;
    private final ApiKeyService apiKeys;

    public Auth(String adminToken, ApiKeyService apiKeys) {
        this.adminToken = adminToken;
        this.apiKeys = apiKeys;
    }

    public void requireAdmin(Context ctx) {
        if (!Digests.tokenEquals(adminToken, bearer(ctx))) {
            throw ApiException.unauthorized();
        }
    }

    /** {@code h}, reached only with the admin token. */
    public Handler admin(Handler h) {
        return ctx -> {
            requireAdmin(ctx);
            h.handle(ctx);
        };
    }

    public void requireRelyingParty(Context ctx) {
        String token = bearer(ctx);
        if (!Digests.tokenEquals(adminToken, token) && !apiKeys.isValid(token)) {
            throw ApiException.unauthorized();
        }
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }
}
