package dev.pims.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.protocol.device.ActivationStep;
import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.protocol.device.DeviceState;
import dev.pims.protocol.device.MsRequest;
import dev.pims.protocol.device.OtpStep;
import dev.pims.protocol.device.ProtocolResult;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** One simulated phone: enrolled once through the device endpoint, then producing and verifying OTPs. */
final class VirtualDevice {
    private final DeviceProtocol protocol = new DeviceProtocol();
    private final HttpDriver http;
    private final SecureRandom rnd;
    private final String macid;
    private final String login;
    private final String pin;
    private DeviceState state;
    /** Latency of the relying party's verification alone, this phase (one thread uses a device at a time). */
    volatile LatencyRecorder verifyLatency = new LatencyRecorder();

    VirtualDevice(HttpDriver http, SecureRandom rnd, String macid, String login, String pin) {
        this.http = http;
        this.rnd = rnd;
        this.macid = macid;
        this.login = login;
        this.pin = pin;
        this.state = DeviceState.fresh(rnd);
    }

    String login() {
        return login;
    }

    /** Creates the user and an activation code through the admin API. */
    String provision() throws IOException, InterruptedException {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("login", login);
        http.adminPost("/admin/v1/users", user);
        JsonNode code = http.adminPost("/admin/v1/users/" + login + "/activation-codes", Map.of("macid", macid));
        return code.get("code").asText();
    }

    /** Activation: setup, finalize and the ms step. */
    void activate(String code) throws IOException, InterruptedException {
        state = expect(protocol.applyActivateSetup(state, http.mac(protocol.activateSetup(state, macid, code))),
                "activate setup");
        ActivationStep step = expect(protocol.applyActivateFinalize(state,
                http.mac(protocol.activateFinalize(state, macid, code, pin, "load-" + login, rnd)), pin),
                "activate finalize");
        MsRequest ms = protocol.msFinalize(step, macid, pin, rnd);
        state = expect(protocol.applyMs(ms.stateIfAccepted(), http.mac(ms.params()), pin), "ms");
    }

    /** One OTP cycle: setup, finalize, then verification by a relying party. Whether it verified. */
    boolean cycle(boolean withPin) throws IOException, InterruptedException {
        String usedPin = withPin ? pin : null;
        OtpStep step = null;
        for (int round = 0; round < 3; round++) {
            String challenge = expect(protocol.applyOtpSetup(http.mac(protocol.otpSetup(state, macid))), "otp setup");
            step = expect(protocol.applyOtpFinalize(state,
                    http.mac(protocol.otpFinalize(state, macid, challenge, usedPin)), usedPin), "otp finalize");
            state = step.state();
            if (!step.runAgain()) {
                break;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", login);
        body.put("otp", protocol.otp(state, step.defi()));
        body.put("requirePin", withPin);
        long t = System.nanoTime();
        JsonNode answer = http.postJson("/api/v1/otp/verify", body, 200);
        verifyLatency.record(System.nanoTime() - t);
        return "OK".equals(answer.path("result").asText());
    }

    private static <T> T expect(ProtocolResult<T> result, String step) throws IOException {
        if (result instanceof ProtocolResult.Ok<T> ok) {
            return ok.value();
        }
        throw new IOException(step + " failed: " + result);
    }
}
