package dev.pims.server.http;

import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.apikey.RelyingParty;
import dev.pims.server.crypto.Digests;
import dev.pims.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Bearer-token checks: the admin token (constant-time, exact) and relying-party API keys (by hash, exact). Every
 * wrong token is counted in {@code pims_auth_failures_total{kind}}.
 */
public final class Auth {
    private final String adminToken;
    private final ApiKeyService apiKeys;
    private final ServerMetrics metrics;

    public Auth(String adminToken, ApiKeyService apiKeys, ServerMetrics metrics) {
        this.adminToken = adminToken;
        this.apiKeys = apiKeys;
        this.metrics = metrics;
    }

    public void requireAdmin(Context ctx) {
        if (!Digests.tokenEquals(adminToken, bearer(ctx))) {
            metrics.authFailure("admin");
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

    /** The relying party of the request's API key (or the administrator); 401 otherwise. */
    public RelyingParty requireRelyingParty(Context ctx) {
        String token = bearer(ctx);
        if (Digests.tokenEquals(adminToken, token)) {
            return RelyingParty.ADMIN;
        }
        return apiKeys.find(token).orElseThrow(() -> {
            metrics.authFailure("api_key");
            return ApiException.unauthorized();
        });
    }

    /** The bearer token of the request, exactly as sent (null without one). */
    public static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }
}
