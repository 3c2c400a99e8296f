package dev.pims.bench.sdk;

import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import dev.pims.sdk.transport.HttpTransport;
import java.nio.charset.StandardCharsets;

/**
 * Records the real server's answers to one OTP (setup, finalize), then, once {@link #replay} is on, answers every
 * OTP request at once with them: the SDK does all its own work (request building, proofs, XML parsing, the
 * ratchet, the OTP, the state save) while the network and the server cost nothing.
 */
final class ReplayTransport implements HttpTransport {
    private final HttpTransport real;
    private volatile HttpOutcome setup;
    private volatile HttpOutcome finalize;
    private volatile boolean replay;

    ReplayTransport(HttpTransport real) {
        this.real = real;
    }

    void replay() {
        if (setup == null || finalize == null) {
            throw new IllegalStateException("no OTP recorded yet");
        }
        replay = true;
    }

    @Override
    public HttpOutcome send(HttpRequest request) {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        boolean otp = request.url().endsWith("/iwws/MAC") && body.contains("mode=otp");
        boolean isSetup = body.startsWith("action=ActionSetup") || body.contains("&action=ActionSetup");
        if (replay) {
            if (!otp) {
                throw new IllegalStateException("only OTP requests are replayed");
            }
            return isSetup ? setup : finalize;
        }
        HttpOutcome answer = real.send(request);
        if (otp) {
            if (isSetup) {
                setup = answer;
            } else {
                finalize = answer;
            }
        }
        return answer;
    }
}
