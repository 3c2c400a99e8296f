package dev.pims.server.limits;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.integration.Policy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Admin API for policies and limits (admin bearer token):
 * <ul>
 * <li>{@code GET|PUT /admin/v1/integrations/{macid}/policy}: the whole policy including the abuse limits; PUT
 * takes any subset of the fields and keeps the others ({@code rsaBits} cannot change: the factory key exists).
 * <li>{@code GET|DELETE /admin/v1/users/{login}/limits}: the account's counters (SMS, its devices' OTP counters,
 * the temporary PIN lock); DELETE clears them (PIN errors stay: use reset-pin-errors or unblock).
 * <li>{@code GET|DELETE /admin/v1/client-addresses/{address}/limits}: the counters of one client address.
 * </ul>
 */
public final class LimitsAdminRoutes {
    private final Auth auth;
    private final Json json;
    private final Database db;
    private final IntegrationService integrations;
    private final AbuseGuard guard;
    private final PinLockout pinLockout;

    public LimitsAdminRoutes(Auth auth, Json json, Database db, IntegrationService integrations, AbuseGuard guard,
            PinLockout pinLockout) {
        this.auth = auth;
        this.json = json;
        this.db = db;
        this.integrations = integrations;
        this.guard = guard;
        this.pinLockout = pinLockout;
    }

    public void register(RoutesConfig r) {
        r.get("/admin/v1/integrations/{macid}/policy", auth.admin(this::getPolicy));
        r.put("/admin/v1/integrations/{macid}/policy", auth.admin(this::putPolicy));
        r.get("/admin/v1/users/{login}/limits", auth.admin(ctx -> userLimits(ctx, false)));
        r.delete("/admin/v1/users/{login}/limits", auth.admin(ctx -> userLimits(ctx, true)));
        r.get("/admin/v1/client-addresses/{address}/limits", auth.admin(ctx -> addressLimits(ctx, false)));
        r.delete("/admin/v1/client-addresses/{address}/limits", auth.admin(ctx -> addressLimits(ctx, true)));
    }

    private Integration integration(Context ctx) {
        return integrations.find(ctx.pathParam("macid")).orElseThrow(() -> ApiException.notFound("no such integration"));
    }

    private void getPolicy(Context ctx) {
        Integration i = integration(ctx);
        json.send(ctx, 200, policyJson(i.macid(), i.policy(), guard.limits(i.macid())));
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
        AbuseLimits ol = guard.limits(i.macid());
        AbuseLimits l = new AbuseLimits(Json.integer(b, "smsPerAccountPerDay").orElse(ol.smsPerAccountPerDay()),
                Json.integer(b, "otpPerDevicePerMinute").orElse(ol.otpPerDevicePerMinute()),
                Json.integer(b, "otpPerDevicePerHour").orElse(ol.otpPerDevicePerHour()),
                Json.integer(b, "deviceRequestsPerAddressPerMinute").orElse(ol.deviceRequestsPerAddressPerMinute()),
                Json.integer(b, "verifyRequestsPerAddressPerMinute").orElse(ol.verifyRequestsPerAddressPerMinute()),
                Json.integer(b, "pinLockAfter").orElse(ol.pinLockAfter()),
                Json.integer(b, "pinLockSeconds").orElse(ol.pinLockSeconds()));
        if (l.problem() != null) {
            throw ApiException.badRequest(l.problem());
        }
        integrations.updatePolicy(i.macid(), p);
        guard.save(i.macid(), l);
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
                .put("deviceRequestsPerAddressPerMinute", l.deviceRequestsPerAddressPerMinute())
                .put("verifyRequestsPerAddressPerMinute", l.verifyRequestsPerAddressPerMinute())
                .put("pinLockAfter", l.pinLockAfter()).put("pinLockSeconds", l.pinLockSeconds());
    }

    private void userLimits(Context ctx, boolean clear) {
        String login = ctx.pathParam("login");
        long now = guard.clock().millis();
        ObjectNode out = db.inTransaction(sql -> {
            Optional<Integer> pinErrors = sql.one("SELECT pin_errors FROM accounts WHERE login = ?",
                    rs -> rs.getInt(1), login);
            if (pinErrors.isEmpty()) {
                throw ApiException.notFound("no such user");
            }
            List<String> subjects = new ArrayList<>();
            subjects.add(login);
            subjects.addAll(sql.query("SELECT id FROM devices WHERE login = ?", rs -> rs.getString(1), login));
            if (clear) {
                for (String s : subjects) {
                    guard.limiter().clearSubject(sql, s);
                }
            }
            ObjectNode o = json.object().put("login", login);
            o.put("pinLockedUntil", pinLockout.lockedUntil(sql, login, pinErrors.get(), now)
                    .map(t -> Instant.ofEpochMilli(t).toString()).orElse(null));
            o.set("counters", counters(sql, subjects));
            return o;
        });
        json.send(ctx, 200, out);
    }

    private void addressLimits(Context ctx, boolean clear) {
        String raw = ctx.pathParam("address");
        String address = normalise(raw);
        ObjectNode out = db.inTransaction(sql -> {
            if (clear) {
                guard.limiter().clearSubject(sql, address);
            }
            ObjectNode o = json.object().put("address", address);
            o.set("counters", counters(sql, List.of(address)));
            return o;
        });
        json.send(ctx, 200, out);
    }

    private ArrayNode counters(Sql sql, List<String> subjects) throws SQLException {
        ArrayNode items = json.array();
        for (String s : subjects) {
            for (RateLimiter.Counter c : guard.limiter().bySubject(sql, s)) {
                items.add(json.object().put("limit", c.bucket()).put("subject", c.subject())
                        .put("windowStart", Instant.ofEpochMilli(c.windowStart()).toString()).put("count", c.hits())
                        .put("blockedUntil", c.blockedUntil() == null ? null
                                : Instant.ofEpochMilli(c.blockedUntil()).toString()));
            }
        }
        return items;
    }

    /** The address as the limiter stores it (IP literal only; no name resolution). */
    private static String normalise(String raw) {
        if (raw == null || !raw.matches("[0-9a-fA-F:.]{2,45}")
                || (!raw.contains(":") && !raw.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw ApiException.badRequest("address must be an IPv4 or IPv6 literal");
        }
        try {
            return InetAddress.getByName(raw).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw ApiException.badRequest("address must be an IPv4 or IPv6 literal");
        }
    }
}
