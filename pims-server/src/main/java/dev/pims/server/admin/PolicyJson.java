package dev.pims.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.http.Json;
import dev.pims.server.integration.Policy;

/** The policy fields of the admin API's JSON: read from a request body, written into an answer. */
final class PolicyJson {
    private PolicyJson() {
    }

    /** The policy of {@code body}'s fields; a field it does not give keeps its value in {@code base}. */
    static Policy read(ObjectNode body, Policy base) {
        return new Policy(Json.integer(body, "pinMinLength").orElse(base.pinMinLength()),
                Json.integer(body, "pinMaxLength").orElse(base.pinMaxLength()),
                Json.integer(body, "maxPinErrors").orElse(base.maxPinErrors()),
                Json.integer(body, "maxDevices").orElse(base.maxDevices()),
                Json.integer(body, "maxActivations").orElse(base.maxActivations()),
                Json.integer(body, "codeLength").orElse(base.codeLength()),
                Json.integer(body, "codeLifetimeSeconds").orElse(base.codeLifetimeSeconds()),
                Json.integer(body, "codeMaxTries").orElse(base.codeMaxTries()),
                Json.integer(body, "challengeLifetimeSeconds").orElse(base.challengeLifetimeSeconds()),
                Json.integer(body, "otpLifetimeSeconds").orElse(base.otpLifetimeSeconds()),
                Json.bool(body, "pinlessAllowed").orElse(base.pinlessAllowed()),
                Json.text(body, "minClientVersion").orElse(base.minClientVersion()),
                Json.integer(body, "rsaBits").orElse(base.rsaBits()));
    }

    /** {@code out} with the fields of {@code p} added. */
    static ObjectNode write(ObjectNode out, Policy p) {
        return out.put("pinMinLength", p.pinMinLength())
                .put("pinMaxLength", p.pinMaxLength()).put("maxPinErrors", p.maxPinErrors())
                .put("maxDevices", p.maxDevices()).put("maxActivations", p.maxActivations())
                .put("codeLength", p.codeLength()).put("codeLifetimeSeconds", p.codeLifetimeSeconds())
                .put("codeMaxTries", p.codeMaxTries()).put("challengeLifetimeSeconds", p.challengeLifetimeSeconds())
                .put("otpLifetimeSeconds", p.otpLifetimeSeconds()).put("pinlessAllowed", p.pinlessAllowed())
                .put("minClientVersion", p.minClientVersion()).put("rsaBits", p.rsaBits());
    }
}
