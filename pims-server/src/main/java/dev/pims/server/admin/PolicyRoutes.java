package dev.pims.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.integration.Policy;
import dev.pims.server.limits.AbuseLimits;
import dev.pims.server.sms.SmsDailyBudget;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * Admin API for policies and the exact counters (admin bearer token):
 * <ul>
 * <li>{@code GET|PUT /admin/v1/integrations/{macid}/policy}: the whole policy including the integration's exact
 * limits; PUT takes any subset of the fields and keeps the others ({@code rsaBits} cannot change: the factory
 * key exists).
 * <li>{@code GET|DELETE /admin/v1/users/{login}/limits}: the account's exact counters (SMS today, its devices'
 * OTP issuance, the temporary PIN lock); DELETE clears them (PIN errors stay: use reset-pin-errors or unblock).
 * </ul>
 */
public final class PolicyRoutes {
    private final Auth auth;
    private final Json json;
    private final IntegrationService integrations;
    private final CounterAdminService counters;

    public PolicyRoutes(Auth auth, Json json, IntegrationService integrations, CounterAdminService counters) {
        this.auth = auth;
        this.json = json;
        this.integrations = integrations;
        this.counters = counters;
    }

    public void register(RoutesConfig r) {
        r.get("/admin/v1/integrations/{macid}/policy", auth.admin(this::getPolicy));
        r.put("/admin/v1/integrations/{macid}/policy", auth.admin(this::putPolicy));
        r.get("/admin/v1/users/{login}/limits", auth.admin(ctx -> userLimits(ctx, false)));
        r.delete("/admin/v1/users/{login}/limits", auth.admin(ctx -> userLimits(ctx, true)));
    }

    private Integration integration(Context ctx) {
        return integrations.find(ctx.pathParam("macid")).orElseThrow(() -> ApiException.notFound("no such integration"));
    }

    private void getPolicy(Context ctx) {
        Integration i = integration(ctx);
        json.send(ctx, 200, policyJson(i.macid(), i.policy(), i.limits()));
    }

    private void putPolicy(Context ctx) {
        Integration i = integration(ctx);
        ObjectNode b = json.body(ctx);
        Policy o = i.policy();
        Policy p = new Policy(Json.integer(b, "pinMinLength").orElse(o.pinMinLength()),
                Json.integer(b, "pinMaxLength").orElse(o.pinMaxLength()),
                Json.integer(b, "maxPinErrors").orElse(o.maxPinErrors()),
                Json.integer(b, "maxDevices").orElse(o.maxDevices()),
                Json.integer(b, "maxActivations").orElse(o.maxActivations()),
                Json.integer(b, "codeLength").orElse(o.codeLength()),
                Json.integer(b, "codeLifetimeSeconds").orElse(o.codeLifetimeSeconds()),
                Json.integer(b, "codeMaxTries").orElse(o.codeMaxTries()),
                Json.integer(b, "challengeLifetimeSeconds").orElse(o.challengeLifetimeSeconds()),
                Json.integer(b, "otpLifetimeSeconds").orElse(o.otpLifetimeSeconds()),
                Json.bool(b, "pinlessAllowed").orElse(o.pinlessAllowed()),
                Json.text(b, "minClientVersion").orElse(o.minClientVersion()),
                Json.integer(b, "rsaBits").orElse(o.rsaBits()));
        if (p.rsaBits() != o.rsaBits()) {
            throw ApiException.badRequest("rsaBits cannot change once the integration exists");
        }
        if (p.problem() != null) {
            throw ApiException.badRequest(p.problem());
        }
        if (b.has("deviceRequestsPerAddressPerMinute") || b.has("verifyRequestsPerAddressPerMinute")) {
            throw ApiException.badRequest("per-address limits are server settings (pims.limits.*), not an"
                    + " integration's: see docs/operations.md");
        }
        AbuseLimits ol = i.limits();
        AbuseLimits l = new AbuseLimits(Json.integer(b, "smsPerAccountPerDay").orElse(ol.smsPerAccountPerDay()),
                Json.integer(b, "otpPerDevicePerMinute").orElse(ol.otpPerDevicePerMinute()),
                Json.integer(b, "otpPerDevicePerHour").orElse(ol.otpPerDevicePerHour()),
                Json.integer(b, "pinLockAfter").orElse(ol.pinLockAfter()),
                Json.integer(b, "pinLockSeconds").orElse(ol.pinLockSeconds()));
        if (l.problem() != null) {
            throw ApiException.badRequest(l.problem());
        }
        if (!integrations.update(i.macid(), p, l)) {
            throw ApiException.notFound("no such integration");
        }
        json.send(ctx, 200, policyJson(i.macid(), p, l));
    }

    private ObjectNode policyJson(String macid, Policy p, AbuseLimits l) {
        return json.object().put("macid", macid).put("pinMinLength", p.pinMinLength())
                .put("pinMaxLength", p.pinMaxLength()).put("maxPinErrors", p.maxPinErrors())
                .put("maxDevices", p.maxDevices()).put("maxActivations", p.maxActivations())
                .put("codeLength", p.codeLength()).put("codeLifetimeSeconds", p.codeLifetimeSeconds())
                .put("codeMaxTries", p.codeMaxTries()).put("challengeLifetimeSeconds", p.challengeLifetimeSeconds())
                .put("otpLifetimeSeconds", p.otpLifetimeSeconds()).put("pinlessAllowed", p.pinlessAllowed())
                .put("minClientVersion", p.minClientVersion()).put("rsaBits", p.rsaBits())
                .put("smsPerAccountPerDay", l.smsPerAccountPerDay())
                .put("otpPerDevicePerMinute", l.otpPerDevicePerMinute())
                .put("otpPerDevicePerHour", l.otpPerDevicePerHour())
                .put("pinLockAfter", l.pinLockAfter()).put("pinLockSeconds", l.pinLockSeconds());
    }

    private void userLimits(Context ctx, boolean clear) {
        CounterAdminService.Counters c = counters.counters(ctx.pathParam("login"), clear)
                .orElseThrow(() -> ApiException.notFound("no such user"));
        ObjectNode o = json.object().put("login", c.login())
                .put("pinLockedUntil", c.pinLockedUntil() == 0 ? null : Instant.ofEpochMilli(c.pinLockedUntil()).toString());
        ArrayNode items = o.putArray("counters");
        c.smsToday().ifPresent(s -> items.add(counter(SmsDailyBudget.BUCKET, c.login(), s.windowStart(), s.sent())));
        c.otpIssuance().forEach((device, i) -> {
            if (i.minuteCount() > 0) {
                items.add(counter("otp.device.minute", device, i.minuteStart(), i.minuteCount()));
            }
            if (i.hourCount() > 0) {
                items.add(counter("otp.device.hour", device, i.hourStart(), i.hourCount()));
            }
        });
        json.send(ctx, 200, o);
    }

    private ObjectNode counter(String limit, String subject, long windowStart, int count) {
        return json.object().put("limit", limit).put("subject", subject)
                .put("windowStart", Instant.ofEpochMilli(windowStart).toString()).put("count", count);
    }

}
