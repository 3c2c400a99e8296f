package dev.pims.server.admin;

import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * What every route of the admin JSON API starts from ({@link AdminRoutes}, {@link PolicyRoutes}): the admin token
 * checked before the handler, JSON in and out, and the integration a {@code {macid}} path names (404 otherwise).
 */
public final class AdminRequests {
    private final Auth auth;
    private final Json json;
    private final IntegrationService integrations;

    public AdminRequests(Auth auth, Json json, IntegrationService integrations) {
        this.auth = auth;
        this.json = json;
        this.integrations = integrations;
    }

    /** {@code h}, reached only with the admin token. */
    Handler admin(Handler h) {
        return auth.admin(h);
    }

    Json json() {
        return json;
    }

    IntegrationService integrations() {
        return integrations;
    }

    /** The integration of the path's {@code {macid}}; 404 when there is none. */
    Integration integration(Context ctx) {
        return integrations.find(ctx.pathParam("macid")).orElseThrow(() -> ApiException.notFound("no such integration"));
    }
}
