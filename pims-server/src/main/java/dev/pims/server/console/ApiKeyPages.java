package dev.pims.server.console;

import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;

/**
 * Relying-party API keys: the list, a new key (its secret shown on the answer to the form, once: only its hash
 * is stored), and revocation. The creation form reads its fields in {@link #create}; a field (such as the
 * integrations a key may serve) is one more form parameter passed to {@link ApiKeyService#create}.
 */
public final class ApiKeyPages {
    private final ConsoleGate gate;
    private final ApiKeyService apiKeys;
    private final IntegrationService integrations;

    public ApiKeyPages(ConsoleGate gate, ApiKeyService apiKeys, IntegrationService integrations) {
        this.integrations = integrations;
        this.gate = gate;
        this.apiKeys = apiKeys;
    }

    public void register(RoutesConfig r) {
        r.get("/console/api-keys", gate.page(this::list));
        r.post("/console/api-keys", gate.page(this::create));
        r.post("/console/api-keys/{id}/revoke", gate.page(this::revoke));
    }

    private void list(Context ctx, ConsoleSessions.Session s) {
        render(ctx, gate.frame(ctx, s, "API keys", "api-keys"), 200, null, null);
    }

    private void render(Context ctx, Views.Frame frame, int status, String secret, String secretName) {
        List<Views.ApiKeyRow> rows = apiKeys.list().stream().map(k -> new Views.ApiKeyRow(k.id(), k.name(),
                k.allIntegrations() ? "every integration (legacy key)" : String.join(", ", k.integrations()),
                Views.time(k.createdAt()), Views.time(k.revokedAt()), k.revokedAt() == null)).toList();
        List<String> macids = integrations.all().stream().map(Integration::macid).sorted().toList();
        gate.renderer().render(ctx, status, "apikeys.jte", new Views.ApiKeysPage(frame, rows, secret, secretName,
                macids, Integration.DEFAULT_MACID));
    }

    private void create(Context ctx, ConsoleSessions.Session s) {
        Views.Frame frame = gate.frame(ctx, s, "API keys", "api-keys");
        String name = Optional.ofNullable(ctx.formParam("name")).map(String::strip).orElse("");
        if (name.isEmpty() || name.length() > 128) {
            render(ctx, frame.withError("The name must be 1-128 characters."), 400, null, null);
            return;
        }
        List<String> chosen = ctx.formParams("integrations");
        if (chosen.isEmpty()) {
            render(ctx, frame.withError("Choose at least one integration: a key verifies only their users' OTPs."),
                    400, null, null);
            return;
        }
        switch (apiKeys.create(name, chosen)) {
            case ApiKeyService.CreateResult.Created c -> render(ctx, frame, 201, c.secret(), c.key().name());
            case ApiKeyService.CreateResult.UnknownIntegration u ->
                    render(ctx, frame.withError("No such integration: " + u.macid() + "."), 400, null, null);
        }
    }

    private void revoke(Context ctx, ConsoleSessions.Session s) {
        if (!apiKeys.revoke(ctx.pathParam("id"))) {
            throw ConsoleException.notFound("No such active API key.");
        }
        ctx.redirect("/console/api-keys?done=key-revoked", HttpStatus.SEE_OTHER);
    }
}
