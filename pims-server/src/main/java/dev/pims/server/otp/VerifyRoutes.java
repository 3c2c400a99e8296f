package dev.pims.server.otp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.apikey.RelyingParty;
import dev.pims.server.http.RateLimited;
import dev.pims.server.limits.AddressLimiter;
import dev.pims.server.metrics.ServerMetrics;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;

/**
 * Relying-party verification: the JSON contract {@code POST /api/v1/otp/verify} and the inWebo-compatible
 * {@code GET /FS?action=authenticateExtended} (mac-protocol.md section 7). Both need an API key or the
 * admin token as bearer, and consider only devices of the key's integrations (docs/security.md, "Relying
 * parties"). Requests beyond the per-address limit (a server setting, in memory on this node) are answered
 * HTTP 429 before anything else, and touch nothing.
 */
public final class VerifyRoutes {
    private final VerificationService service;
    private final Auth auth;
    private final Json json;
    private final Clock clock;
    private final AddressLimiter limiter;
    private final ServerMetrics metrics;

    public VerifyRoutes(VerificationService service, Auth auth, Json json, Clock clock, AddressLimiter limiter,
            ServerMetrics metrics) {
        this.service = service;
        this.auth = auth;
        this.json = json;
        this.clock = clock;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/v1/otp/verify", this::verify);
        routes.get("/FS", this::fs);
    }

    private void limit(Context ctx) {
        AddressLimiter.Decision d = limiter.tryAcquire(ClientAddress.of(ctx));
        if (!d.allowed()) {
            metrics.limitExceeded(limiter.name());
            throw RateLimited.answer(ctx, d);
        }
    }

    private void record(String api, VerifyResult result, long start) {
        metrics.verification(api, result instanceof VerifyResult.Nok n ? n.reason().wire() : "OK",
                System.nanoTime() - start);
    }

    private void verify(Context ctx) {
        limit(ctx);
        RelyingParty rp = auth.requireRelyingParty(ctx);
        long start = System.nanoTime();
        ObjectNode body = json.body(ctx);
        String login = Json.text(body, "login").orElseThrow(() -> ApiException.badRequest("login is required"));
        String otp = Json.text(body, "otp").orElseThrow(() -> ApiException.badRequest("otp is required"));
        boolean requirePin = Json.bool(body, "requirePin").orElse(true);
        VerifyResult result = service.verify(login, otp, requirePin, rp, null);
        record("json", result, start);
        ObjectNode out = json.object();
        if (result instanceof VerifyResult.Ok ok) {
            out.put("result", "OK").put("pinVerified", ok.pinVerified()).put("deviceId", ok.deviceId())
                    .put("deviceName", ok.deviceName());
        } else if (result instanceof VerifyResult.Nok nok) {
            out.put("result", "NOK").put("reason", nok.reason().answered().wire());
        }
        json.send(ctx, 200, out);
    }

    private void fs(Context ctx) {
        limit(ctx);
        RelyingParty rp = auth.requireRelyingParty(ctx);
        long start = System.nanoTime();
        String action = ctx.queryParam("action");
        boolean asJson = "json".equalsIgnoreCase(ctx.queryParam("format"));
        if (!"authenticateExtended".equals(action)) {
            answer(ctx, asJson, "NOK:action unknown", null);
            return;
        }
        String serviceId = ctx.queryParam("serviceId");
        if (serviceId == null || serviceId.isBlank() || serviceId.length() > 128) {
            answer(ctx, asJson, "NOK:srv unknown", null);
            return;
        }
        boolean pinless = "1".equals(ctx.queryParam("expectnopin"));
        VerifyResult result = service.verify(ctx.queryParam("userId"), ctx.queryParam("token"), !pinless, rp,
                serviceId);
        record("fs", result, start);
        if (result instanceof VerifyResult.Ok ok) {
            answer(ctx, asJson, "OK", ok);
        } else {
            VerifyResult.Reason r = ((VerifyResult.Nok) result).reason().answered();
            // unknown login, no device, another tenant's OTP, wrong, expired or replayed: one answer
            answer(ctx, asJson, r == VerifyResult.Reason.UNKNOWN_SERVICE ? "NOK:srv unknown" : "NOK:no device found",
                    null);
        }
    }

    private void answer(Context ctx, boolean asJson, String err, VerifyResult.Ok ok) {
        String name = ok == null ? "" : ok.deviceName();
        String timestamp = ok == null ? "" : Instant.ofEpochMilli(clock.millis()).toString();
        String type = ok == null ? "" : "mac";
        if (asJson) {
            ObjectNode out = json.object().put("err", err).put("name", name).put("alias", "").put("version", "")
                    .put("platform", "").put("type", type).put("timestamp", timestamp);
            json.send(ctx, 200, out);
            return;
        }
        WireMessage m = WireMessage.builder("authenticateExtended").add("err", err).add("name", name)
                .add("alias", "").add("version", "").add("platform", "").add("type", type)
                .add("timestamp", timestamp).build();
        ctx.status(200).contentType("text/xml; charset=UTF-8").result(WireXml.write(m));
    }
}
