package dev.pims.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
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
    private final AdminRequests requests;
    private final Json json;
    private final CounterAdminService counters;

    public PolicyRoutes(AdminRequests requests, CounterAdminService counters) {
        this.requests = requests;
        this.json = requests.json();
        this.counters = counters;
    }

    public void register(RoutesConfig r) {
        r.get("/admin/v1/integrations/{macid}/policy", requests.admin(this::getPolicy));
        r.put("/admin/v1/integrations/{macid}/policy", requests.admin(this::putPolicy));
        r.get("/admin/v1/users/{login}/limits", requests.admin(ctx -> userLimits(ctx, false)));
        r.delete("/admin/v1/users/{login}/limits", requests.admin(ctx -> userLimits(ctx, true)));
    }

    private void getPolicy(Context ctx) {
        Integration i = requests.integration(ctx);
        json.send(ctx, 200, policyJson(i.macid(), i.policy(), i.limits()));
    }

    private void putPolicy(Context ctx) {
        Integration i = requests.integration(ctx);
        ObjectNode b = json.body(ctx);
        Policy o = i.policy();
        Policy p = PolicyJson.read(b, o);
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
        if (!requests.integrations().update(i.macid(), p, l)) {
            throw ApiException.notFound("no such integration");
        }
        json.send(ctx, 200, policyJson(i.macid(), p, l));
    }

    private ObjectNode policyJson(String macid, Policy p, AbuseLimits l) {
        return PolicyJson.write(json.object().put("macid", macid), p)
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
