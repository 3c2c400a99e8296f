package dev.pims.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.account.Account;
import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceState;
import dev.pims.server.account.PhoneNumbers;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.integration.Policy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The administration JSON API under {@code /admin/v1} (admin bearer token). */
public final class AdminRoutes {
    private static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,128}");
    private static final Pattern MACID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private final AdminRequests requests;
    private final Json json;
    private final IntegrationService integrations;
    private final UserAdminService users;
    private final ApiKeyService apiKeys;
    private final AuditLog audit;

    public AdminRoutes(AdminRequests requests, UserAdminService users, ApiKeyService apiKeys, AuditLog audit) {
        this.requests = requests;
        this.json = requests.json();
        this.integrations = requests.integrations();
        this.users = users;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    public void register(RoutesConfig r) {
        r.post("/admin/v1/integrations", requests.admin(this::createIntegration));
        r.get("/admin/v1/integrations", requests.admin(this::listIntegrations));
        r.get("/admin/v1/integrations/{macid}", requests.admin(this::getIntegration));
        r.post("/admin/v1/users", requests.admin(this::createUser));
        r.get("/admin/v1/users", requests.admin(this::listUsers));
        r.get("/admin/v1/users/{login}", requests.admin(this::getUser));
        r.post("/admin/v1/users/{login}/activation-codes", requests.admin(this::issueCode));
        r.post("/admin/v1/users/{login}/block", requests.admin(ctx -> accountOp(ctx, "block")));
        r.post("/admin/v1/users/{login}/unblock", requests.admin(ctx -> accountOp(ctx, "unblock")));
        r.post("/admin/v1/users/{login}/reset-pin-errors", requests.admin(ctx -> accountOp(ctx, "reset-pin-errors")));
        r.post("/admin/v1/users/{login}/devices/{deviceId}/disable", requests.admin(ctx -> deviceOp(ctx, DeviceState.DISABLED)));
        r.post("/admin/v1/users/{login}/devices/{deviceId}/enable", requests.admin(ctx -> deviceOp(ctx, DeviceState.ACTIVE)));
        r.delete("/admin/v1/users/{login}/devices/{deviceId}", requests.admin(ctx -> deviceOp(ctx, DeviceState.REMOVED)));
        r.post("/admin/v1/api-keys", requests.admin(this::createApiKey));
        r.get("/admin/v1/api-keys", requests.admin(this::listApiKeys));
        r.delete("/admin/v1/api-keys/{id}", requests.admin(this::revokeApiKey));
        r.get("/admin/v1/audit", requests.admin(this::auditPage));
        // GET /admin/v1/sms-outbox and /admin/v1/oauth-clients: registered by accountapi.AccountApiRoutes.
    }

    private void createIntegration(Context ctx) {
        ObjectNode b = json.body(ctx);
        String macid = Json.text(b, "macid").orElseThrow(() -> ApiException.badRequest("macid is required"));
        if (!MACID.matcher(macid).matches()) {
            throw ApiException.badRequest("macid must be 1-128 printable ASCII characters without spaces");
        }
        Policy p = PolicyJson.read(b, Policy.defaults());
        if (p.problem() != null) {
            throw ApiException.badRequest(p.problem());
        }
        if (integrations.find(macid).isPresent()) {
            throw ApiException.conflict("integration exists");
        }
        if (integrations.create(macid, p) instanceof IntegrationService.CreateResult.Created c) {
            json.send(ctx, 201, integrationJson(c.integration()));
        } else {
            throw ApiException.conflict("integration exists");
        }
    }

    private void listIntegrations(Context ctx) {
        ArrayNode out = json.array();
        integrations.all().forEach(i -> out.add(integrationJson(i)));
        json.send(ctx, 200, out);
    }

    private void getIntegration(Context ctx) {
        json.send(ctx, 200, integrationJson(requests.integration(ctx)));
    }

    private ObjectNode integrationJson(Integration i) {
        return PolicyJson.write(json.object().put("macid", i.macid()), i.policy())
                .put("kfact", i.kfact().publicKey().modulusHex())
                .put("createdAt", Instant.ofEpochMilli(i.createdAt()).toString());
    }

    private void createUser(Context ctx) {
        ObjectNode b = json.body(ctx);
        String login = Json.text(b, "login").orElseThrow(() -> ApiException.badRequest("login is required"));
        if (!LOGIN.matcher(login).matches()) {
            throw ApiException.badRequest("login must be 1-128 letters, digits or . _ @ + -");
        }
        Optional<String> password = Json.text(b, "password");
        if (password.isPresent() && (password.get().isEmpty() || password.get().length() > 1024)) {
            throw ApiException.badRequest("password must be 1-1024 characters");
        }
        Optional<String> given = Json.text(b, "phoneNumber");
        Optional<String> phone = given.map(p -> PhoneNumbers.normalize(p).orElseThrow(() ->
                ApiException.badRequest("phoneNumber must be " + PhoneNumbers.RULE)));
        if (!users.createUser(login, password, phone)) {
            throw ApiException.conflict("user exists");
        }
        json.send(ctx, 201, userJson(users.find(login).orElseThrow()));
    }

    /** {@code GET /admin/v1/users?q=&page=&size=}: search (login or phone number contains q) and pages. */
    private void listUsers(Context ctx) {
        Long page = parseLong(ctx.queryParam("page"));
        Long size = parseLong(ctx.queryParam("size"));
        if (page != null && (page < 1 || page > Integer.MAX_VALUE)) {
            throw ApiException.badRequest("page must be 1 or more");
        }
        if (size != null && (size < 1 || size > 200)) {
            throw ApiException.badRequest("size must be between 1 and 200");
        }
        String q = ctx.queryParam("q");
        if (q != null && q.length() > 128) {
            throw ApiException.badRequest("q must be at most 128 characters");
        }
        UserAdminService.UserPage p = users.search(q, page == null ? 1 : page.intValue(),
                size == null ? 20 : size.intValue());
        ArrayNode items = json.array();
        for (var u : p.items()) {
            items.add(json.object().put("login", u.login()).put("state", u.state().apiName())
                    .put("pinErrors", u.pinErrors()).put("phoneNumber", u.phoneNumber().orElse(null))
                    .put("devices", u.devices()).put("createdAt", Instant.ofEpochMilli(u.createdAt()).toString()));
        }
        ObjectNode out = json.object();
        out.set("items", items);
        out.put("page", p.page()).put("size", p.size()).put("total", p.total()).put("pages", p.pages());
        json.send(ctx, 200, out);
    }

    private void getUser(Context ctx) {
        json.send(ctx, 200, userJson(users.find(ctx.pathParam("login"))
                .orElseThrow(() -> ApiException.notFound("no such user"))));
    }

    private void issueCode(Context ctx) {
        ObjectNode b = json.body(ctx);
        String macid = Json.text(b, "macid").orElse(Integration.DEFAULT_MACID);
        UserAdminService.IssuedCode code = unwrap(users.issueCode(ctx.pathParam("login"), macid));
        json.send(ctx, 201, json.object().put("code", code.code())
                .put("expiresAt", Instant.ofEpochMilli(code.expiresAt()).toString()).put("macid", code.macid()));
    }

    private void accountOp(Context ctx, String op) {
        unwrap(users.setState(ctx.pathParam("login"), op));
        json.send(ctx, 200, userJson(users.find(ctx.pathParam("login")).orElseThrow()));
    }

    private void deviceOp(Context ctx, DeviceState target) {
        Device d = unwrap(users.changeDevice(ctx.pathParam("login"), ctx.pathParam("deviceId"), target));
        json.send(ctx, 200, deviceJson(d));
    }

    private void createApiKey(Context ctx) {
        ObjectNode b = json.body(ctx);
        String name = Json.text(b, "name").orElse("api-key");
        if (name.isBlank() || name.length() > 128) {
            throw ApiException.badRequest("name must be 1-128 characters");
        }
        JsonNode list = b.get("integrations");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 100) {
            throw ApiException.badRequest("integrations must be a non-empty list of macids (at most 100)");
        }
        List<String> macids = new ArrayList<>();
        for (JsonNode m : list) {
            if (!m.isTextual() || !MACID.matcher(m.asText()).matches()) {
                throw ApiException.badRequest("integrations must be a non-empty list of macids (at most 100)");
            }
            macids.add(m.asText());
        }
        switch (apiKeys.create(name, macids)) {
            case ApiKeyService.CreateResult.Created c ->
                    json.send(ctx, 201, apiKeyJson(c.key()).put("key", c.secret()));
            case ApiKeyService.CreateResult.UnknownIntegration u ->
                    throw ApiException.badRequest("no such integration: " + u.macid());
        }
    }

    private void listApiKeys(Context ctx) {
        ArrayNode out = json.array();
        apiKeys.list().forEach(k -> out.add(apiKeyJson(k)));
        json.send(ctx, 200, out);
    }

    private void revokeApiKey(Context ctx) {
        if (!apiKeys.revoke(ctx.pathParam("id"))) {
            throw ApiException.notFound("no such active API key");
        }
        ctx.status(204);
    }

    private void auditPage(Context ctx) {
        Long before = parseLong(ctx.queryParam("before"));
        Long limit = parseLong(ctx.queryParam("limit"));
        String login = ctx.queryParam("login");
        var entries = audit.page(login, before, limit == null ? 100 : limit.intValue());
        ArrayNode items = json.array();
        for (AuditLog.Entry e : entries) {
            items.add(json.object().put("id", e.id()).put("at", Instant.ofEpochMilli(e.at()).toString())
                    .put("login", e.login()).put("deviceId", e.deviceId()).put("event", e.event())
                    .put("outcome", e.outcome()));
        }
        ObjectNode out = json.object();
        out.set("items", items);
        if (!entries.isEmpty()) {
            out.put("next", entries.get(entries.size() - 1).id());
        }
        json.send(ctx, 200, out);
    }

    private static Long parseLong(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("not a number");
        }
    }

    private static <T> T unwrap(UserAdminService.Outcome<T> o) {
        return switch (o) {
            case UserAdminService.Outcome.Done<T> d -> d.value();
            case UserAdminService.Outcome.NotFound<T> n -> throw ApiException.notFound("no such " + n.what());
            case UserAdminService.Outcome.Conflict<T> c -> throw ApiException.conflict(c.why());
        };
    }

    private ObjectNode userJson(UserAdminService.UserView v) {
        Account a = v.account();
        ObjectNode out = json.object().put("login", a.login()).put("state", a.state().apiName())
                .put("pinErrors", a.pinErrors()).put("hasPin", a.pin().isPresent())
                .put("phoneNumber", a.phoneNumber().orElse(null)).put("activations", a.activations());
        ArrayNode devices = out.putArray("devices");
        v.devices().stream().filter(d -> d.state() != DeviceState.REMOVED).forEach(d -> devices.add(deviceJson(d)));
        return out;
    }

    private ObjectNode deviceJson(Device d) {
        return json.object().put("id", d.id()).put("name", d.name()).put("state", d.state().apiName())
                .put("macid", d.macid()).put("created", Instant.ofEpochMilli(d.createdAt()).toString())
                .put("lastUsed", d.lastUsedAt() == null ? null : Instant.ofEpochMilli(d.lastUsedAt()).toString());
    }

    /** {@code legacy}: a key from before keys had integrations; it verifies for every integration. */
    private ObjectNode apiKeyJson(ApiKeyService.ApiKey k) {
        ObjectNode out = json.object().put("id", k.id()).put("name", k.name())
                .put("createdAt", Instant.ofEpochMilli(k.createdAt()).toString())
                .put("revokedAt", k.revokedAt() == null ? null : Instant.ofEpochMilli(k.revokedAt()).toString())
                .put("legacy", k.allIntegrations());
        ArrayNode macids = out.putArray("integrations");
        k.integrations().forEach(macids::add);
        return out;
    }
}
