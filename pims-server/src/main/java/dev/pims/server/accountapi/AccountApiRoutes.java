package dev.pims.server.accountapi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.db.DataAccessException;
import dev.pims.server.account.PhoneNumbers;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.limits.AddressLimiter;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.oauth.OAuthClients;
import dev.pims.server.oauth.OAuthRoutes;
import dev.pims.server.oauth.TokenService;
import dev.pims.server.sms.OutboxSmsSender;
import dev.pims.server.sms.SmsCodes.Purpose;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account API for the SDK under {@code /api/v1} (notes/account-api.md), the token endpoints, and the
 * administration routes that come with it ({@code /admin/v1/sms-outbox}, {@code /admin/v1/oauth-clients}).
 */
public final class AccountApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AccountApiRoutes.class);
    public static final String MACID_HEADER = "X-Pims-Macid";
    private static final int MAX_BODY = 16 * 1024;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private final AccountApi api;
    private final TokenService tokens;
    private final CodeAttempts codeAttempts;
    private final OAuthRoutes oauth;
    private final OAuthClients clients;
    private final IntegrationService integrations;
    private final OutboxSmsSender outbox;
    private final Auth auth;
    private final Json json;

    /**
     * {@code loginBudget}: failed password grants per client address; {@code codeAttempts}: wrong codes per
     * client address and cluster-wide (both in docs/security.md).
     */
    public AccountApiRoutes(AccountApi api, TokenService tokens, OAuthClients clients, IntegrationService integrations,
            OutboxSmsSender outbox, Auth auth, Json json, AddressLimiter loginBudget, CodeAttempts codeAttempts) {
        this.api = api;
        this.tokens = tokens;
        this.codeAttempts = codeAttempts;
        this.oauth = new OAuthRoutes(clients, tokens, loginBudget, json);
        this.clients = clients;
        this.integrations = integrations;
        this.outbox = outbox;
        this.auth = auth;
        this.json = json;
    }

    /** The development SMS outbox; empty in production (the console shows its page only when there is one). */
    public java.util.Optional<OutboxSmsSender> outbox() {
        return java.util.Optional.ofNullable(outbox);
    }

    /** The caller of a {@code /api/v1/me} route: its login and the integration of X-Pims-Macid. */
    record Caller(String login, Integration integration, boolean macidGiven) { }

    @FunctionalInterface
    interface MeHandler {
        void handle(Context ctx, Caller caller);
    }

    public void register(RoutesConfig r) {
        oauth.register(r);
        r.get("/api/v1/me/phone-number", me(this::getPhone));
        r.post("/api/v1/me/phone-number", me((ctx, c) -> setPhone(ctx, c, false)));
        r.put("/api/v1/me/phone-number", me((ctx, c) -> setPhone(ctx, c, true)));
        r.post("/api/v1/me/sms-codes", me(this::smsCode));
        r.post("/api/v1/me/enrollment/check", me(this::checkEnrollment));
        r.post("/api/v1/me/enrollment/with-phone-number", me(this::withPhoneNumber));
        r.delete("/api/v1/me/enrollments", me(this::removeEnrollments));
        r.post("/api/v1/me/pin/reset", me(this::resetPin));
        r.post("/api/v1/me/pin/update", me(this::updatePin));
        r.get("/api/v1/me/status", me(this::status));
        if (outbox != null) { // development mode only
            r.get("/admin/v1/sms-outbox", auth.admin(this::smsOutbox));
        }
        r.post("/admin/v1/users/{login}/confirm-phone-change", auth.admin(ctx -> {
            String login = ctx.pathParam("login");
            if (login.length() > 128 || !api.enrollment().confirmFactorChange(login)) {
                throw ApiException.notFound("no such user");
            }
            json.send(ctx, 200, json.object().put("login", login).put("coolingOffUntil", (String) null));
        }));
        r.post("/admin/v1/oauth-clients", auth.admin(this::createClient));
        r.get("/admin/v1/oauth-clients", auth.admin(this::listClients));
        r.delete("/admin/v1/oauth-clients/{clientId}", auth.admin(ctx -> {
            if (!clients.revoke(ctx.pathParam("clientId"))) {
                throw ApiException.notFound("no such active client");
            }
            ctx.status(204);
        }));
    }

    private io.javalin.http.Handler me(MeHandler h) {
        return ctx -> {
            ctx.header("Cache-Control", "no-store");
            try {
                TokenService.Bearer bearer = tokens.authenticate(bearer(ctx)).orElseThrow(AccountError::unauthenticated);
                if (bearer.blocked()) {
                    // an administrator's block: the account's tokens stop working
                    throw AccountError.blocked();
                }
                String login = bearer.login();
                String macid = ctx.header(MACID_HEADER);
                boolean given = macid != null && !macid.isBlank();
                String name = given ? macid.strip() : Integration.DEFAULT_MACID;
                Integration integration = name.length() > 128 ? null : integrations.find(name).orElse(null);
                if (integration == null) {
                    throw AccountError.noSrv();
                }
                h.handle(ctx, new Caller(login, integration, given));
            } catch (AccountError e) {
                if (e.status() == 401) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"pims\"");
                }
                ObjectNode body = json.object().put("error", e.error());
                if (e.field() != null) {
                    body.put("field", e.field());
                }
                if (e.getMessage() != null) {
                    body.put("message", e.getMessage());
                }
                json.send(ctx, e.status(), body);
            } catch (RuntimeException e) {
                // class name only (exception messages could quote request data); a database error's message
                // carries its SQL state only
                LOG.error("account API {} {} failed: {}", ctx.method().name(), ctx.path(),
                        e instanceof DataAccessException ? e.getMessage() : e.getClass().getName());
                json.send(ctx, 500, json.object().put("error", "NOK:SERVER").put("message", "internal error"));
            }
        };
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }

    /** The JSON object body; anything else (too large, not JSON, not an object, duplicated keys) is NOK:SN. */
    private ObjectNode body(Context ctx) {
        if (ctx.contentLength() > MAX_BODY) {
            // the body is left unread, so the connection cannot carry another request: say so, or a client that
            // keeps connections alive sends its next request on a connection the server is closing
            ctx.header("Connection", "close");
            throw AccountError.sn(null, "the body is too large");
        }
        String text;
        try {
            text = ctx.body();
        } catch (RuntimeException e) {
            throw AccountError.sn(null, "the body cannot be read");
        }
        if (text.length() > MAX_BODY) {
            throw AccountError.sn(null, "the body is too large");
        }
        if (text.isBlank()) {
            return json.object();
        }
        try (JsonParser p = mapper.createParser(text)) {
            JsonNode node = mapper.readTree(p);
            if (p.nextToken() != null) {
                throw AccountError.sn(null, "trailing data after the JSON object");
            }
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof AccountError ae) {
                throw ae;
            }
            throw AccountError.sn(null, "the body is not valid JSON");
        }
        throw AccountError.sn(null, "the body must be a JSON object");
    }

    private static String text(ObjectNode body, String field, int maxLength) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw AccountError.sn(field, field + " is required");
        }
        if (!n.isTextual()) {
            throw AccountError.sn(field, field + " must be a string");
        }
        String v = n.asText();
        if (v.isEmpty() || v.length() > maxLength) {
            throw AccountError.sn(field, field + " has a wrong length");
        }
        return v;
    }

    /** E.164 ({@link PhoneNumbers}); anything else is NOK:SN on phoneNumber. */
    static String phone(ObjectNode body) {
        return PhoneNumbers.normalize(text(body, "phoneNumber", 64)).orElseThrow(() ->
                AccountError.sn("phoneNumber", "phoneNumber must be " + PhoneNumbers.RULE));
    }

    private void getPhone(Context ctx, Caller c) {
        String phone = api.phones().phoneNumber(c.login()).orElseThrow(AccountError::noPhone);
        json.send(ctx, 200, json.object().put("phoneNumber", phone));
    }

    /** Optional string field: absent or null = empty; anything but a non-empty string is NOK:SN. */
    private static Optional<String> optionalText(ObjectNode body, String field, int maxLength) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(text(body, field, maxLength));
    }

    /**
     * Runs a request that checks a code: an address that spent its budget of wrong codes is refused first
     * (NOK:FORBIDDEN), and a wrong code or proof is charged to the address afterwards.
     */
    private <T> T guessing(Context ctx, java.util.function.Supplier<T> work) {
        String address = ClientAddress.of(ctx);
        if (!codeAttempts.admits(address)) {
            ctx.header("Retry-After", Long.toString(codeAttempts.retryAfterSeconds(address)));
            throw AccountError.forbidden("too many wrong codes from this address, try again later");
        }
        try {
            return work.get();
        } catch (AccountError e) {
            // inside these routes NOK:ACCESS only answers a wrong proof of the factor (never a PIN)
            if (e.error().equals("NOK:CODE") || e.error().equals("NOK:ACCESS")) {
                codeAttempts.failedFrom(address);
            }
            throw e;
        }
    }

    private void setPhone(Context ctx, Caller c, boolean modify) {
        ObjectNode b = body(ctx);
        String phone = phone(b);
        String code = text(b, "smsCode", 64);
        FactorRules.Proof proof = new FactorRules.Proof(optionalText(b, "otp", 64),
                optionalText(b, "currentPhoneCode", 64));
        String stored = guessing(ctx, () -> api.phones().setPhoneNumber(c.login(), phone, code, modify, proof));
        json.send(ctx, 200, json.object().put("phoneNumber", stored));
    }

    private void smsCode(Context ctx, Caller c) {
        ObjectNode b = body(ctx);
        Purpose purpose = Purpose.fromApi(text(b, "type", 64)).orElseThrow(() -> AccountError.sn("type",
                "type must be enrollment, phoneNumberCertification, resetPIN or currentPhoneNumber"));
        String phone = purpose == Purpose.PHONE_CERTIFICATION ? phone(b) : null;
        long expires = api.smsCodes().requestCode(c.login(), c.integration(), purpose, phone);
        json.send(ctx, 202, json.object().put("expiresAt", Instant.ofEpochMilli(expires).toString()));
    }

    private void checkEnrollment(Context ctx, Caller c) {
        String code = text(body(ctx), "smsCode", 64);
        String status = guessing(ctx, () -> api.enrollment().checkEnrollment(c.login(), c.integration(), code));
        json.send(ctx, 200, json.object().put("status", status));
    }

    private void withPhoneNumber(Context ctx, Caller c) {
        ObjectNode b = body(ctx);
        String phone = phone(b);
        String code = text(b, "smsCode", 64);
        EnrollmentService.IssuedActivation a = guessing(ctx,
                () -> api.enrollment().enrollWithPhoneNumber(c.login(), c.integration(), phone, code));
        json.send(ctx, 200, json.object().put("activationCode", a.code())
                .put("expiresAt", Instant.ofEpochMilli(a.expiresAt()).toString()).put("phoneNumber", a.phoneNumber()));
    }

    private void removeEnrollments(Context ctx, Caller c) {
        int removed = api.enrollment().removeEnrollments(c.login(), c.macidGiven() ? c.integration().macid() : null);
        json.send(ctx, 200, json.object().put("removed", removed));
    }

    private void resetPin(Context ctx, Caller c) {
        ObjectNode b = body(ctx);
        String code = text(b, "smsCode", 64);
        String newPin = text(b, "newPin", 64);
        guessing(ctx, () -> {
            api.pins().resetPin(c.login(), c.integration(), code, newPin);
            return null;
        });
        json.send(ctx, 200, json.object());
    }

    private void updatePin(Context ctx, Caller c) {
        ObjectNode b = body(ctx);
        String oldPin = text(b, "oldPin", 64);
        String newPin = text(b, "newPin", 64);
        api.pins().updatePin(c.login(), c.integration(), oldPin, newPin);
        json.send(ctx, 200, json.object());
    }

    private void status(Context ctx, Caller c) {
        EnrollmentService.Status s = api.enrollment().status(c.login(), c.integration().macid());
        json.send(ctx, 200, json.object().put("login", s.account().login())
                .put("accountState", s.account().state().apiName()).put("pinSet", s.account().pin().isPresent())
                .put("pinErrors", s.account().pinErrors()).put("phoneNumber", s.account().phoneNumber().orElse(null))
                .put("devices", s.devices())
                .put("coolingOffUntil", s.coolingOffUntil().map(t -> Instant.ofEpochMilli(t).toString()).orElse(null)));
    }

    private void smsOutbox(Context ctx) {
        String phone = ctx.queryParam("phoneNumber");
        String filter = phone == null || phone.isBlank() ? null : PhoneNumbers.normalize(phone)
                .orElseThrow(() -> ApiException.badRequest("phoneNumber must be " + PhoneNumbers.RULE));
        ArrayNode out = json.array();
        for (OutboxSmsSender.Entry e : outbox.list(filter)) {
            out.add(json.object().put("phoneNumber", e.phoneNumber()).put("code", e.code()).put("text", e.text())
                    .put("sentAt", Instant.ofEpochMilli(e.sentAt()).toString()));
        }
        json.send(ctx, 200, out);
    }

    private void createClient(Context ctx) {
        ObjectNode b = json.body(ctx);
        String id = Json.text(b, "clientId").orElseThrow(() -> ApiException.badRequest("clientId is required"));
        if (!CLIENT_ID.matcher(id).matches()) {
            throw ApiException.badRequest("clientId must be 1-128 letters, digits or . _ -");
        }
        String name = Json.text(b, "name").orElse(id);
        if (name.isBlank() || name.length() > 128) {
            throw ApiException.badRequest("name must be 1-128 characters");
        }
        OAuthClients.Created c = clients.create(id, name).orElseThrow(() -> ApiException.conflict("client exists"));
        json.send(ctx, 201, json.object().put("clientId", c.client().clientId()).put("name", c.client().name())
                .put("clientSecret", c.secret())
                .put("createdAt", Instant.ofEpochMilli(c.client().createdAt()).toString()));
    }

    private void listClients(Context ctx) {
        ArrayNode out = json.array();
        for (OAuthClients.Client c : clients.list()) {
            out.add(json.object().put("clientId", c.clientId()).put("name", c.name())
                    .put("createdAt", Instant.ofEpochMilli(c.createdAt()).toString())
                    .put("revokedAt", c.revokedAt() == null ? null : Instant.ofEpochMilli(c.revokedAt()).toString()));
        }
        json.send(ctx, 200, out);
    }
}
