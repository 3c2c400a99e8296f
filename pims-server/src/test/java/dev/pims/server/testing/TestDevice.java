package dev.pims.server.testing;

import dev.pims.protocol.device.ActivationStep;
import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.protocol.device.DeviceState;
import dev.pims.protocol.device.MsRequest;
import dev.pims.protocol.device.OtpStep;
import dev.pims.protocol.device.ProtocolResult;
import dev.pims.protocol.wire.WireMessage;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A device built on pims-protocol's DeviceProtocol, talking to a TestServer. */
public final class TestDevice {
    private static final SecureRandom RND = new SecureRandom();
    public final DeviceProtocol protocol = new DeviceProtocol();
    private final TestServer server;
    private final List<TestServer> nodes;
    private final AtomicInteger turn = new AtomicInteger();
    public final String macid;
    public DeviceState state;

    public TestDevice(TestServer server, String macid) {
        this(List.of(server), macid);
    }

    /** A device whose requests go round-robin over several nodes of one deployment (one node per request). */
    public TestDevice(List<TestServer> nodes, String macid) {
        this.nodes = List.copyOf(nodes);
        this.server = this.nodes.get(0);
        this.macid = macid;
        this.state = DeviceState.fresh(RND);
        server.secret(state.iwalea());
    }

    private MsRequest pendingMs;

    /** Full activation; returns "OK" or the wire error of the failing step. */
    public String activate(String code, String pin) {
        String first = activateWithoutMs(code, pin);
        return first.equals("OK") ? completeMs(pin) : first;
    }

    /**
     * Activation steps 1 and 2 only (the device now exists on the server, AWAITING_SECRET); "OK" or the wire
     * error. {@link #completeMs} sends step 3.
     */
    public String activateWithoutMs(String code, String pin) {
        server.secret(pin.length() >= 4 ? pin : null);
        WireMessage setup = next().mac(protocol.activateSetup(state, macid, code));
        if (!setup.isOk()) {
            return setup.err();
        }
        DeviceState s1 = ok(protocol.applyActivateSetup(state, setup));
        Map<String, String> fin = protocol.activateFinalize(s1, macid, code, pin, "test phone", RND);
        WireMessage finAnswer = next().mac(fin);
        if (!finAnswer.isOk()) {
            return finAnswer.err();
        }
        ActivationStep step = ok(protocol.applyActivateFinalize(s1, finAnswer, pin));
        pendingMs = protocol.msFinalize(step, macid, pin, RND);
        return "OK";
    }

    /** True between a successful {@link #activateWithoutMs} and the end of {@link #completeMs}. */
    public boolean hasPendingMs() {
        return pendingMs != null;
    }

    /** Activation step 3 after {@link #activateWithoutMs}; "OK" (the device is usable) or the wire error. */
    public String completeMs(String pin) {
        MsRequest ms = pendingMs;
        if (ms == null) {
            throw new IllegalStateException("no pending activation");
        }
        WireMessage msAnswer = next().mac(ms.params());
        if (!msAnswer.isOk()) {
            return msAnswer.err();
        }
        state = ok(protocol.applyMs(ms.stateIfAccepted(), msAnswer, pin));
        pendingMs = null;
        server.secret(state.k0());
        server.secret(state.k1());
        server.secret(state.secval());
        return "OK";
    }

    public String challenge() {
        WireMessage m = next().mac(protocol.otpSetup(state, macid));
        return m.isOk() ? m.get("challenge").orElseThrow() : m.err();
    }

    /** One OTP (pin null = PIN-less); returns the OTP, or the wire error prefixed with "NOK". */
    public String otp(String pin) {
        WireMessage setup = next().mac(protocol.otpSetup(state, macid));
        if (!setup.isOk()) {
            return setup.err();
        }
        return otpWith(setup.get("challenge").orElseThrow(), pin, true);
    }

    /** The finalize half; {@code keep} false simulates a client that lost the answer. */
    public String otpWith(String challenge, String pin, boolean keep) {
        WireMessage fin = next().mac(protocol.otpFinalize(state, macid, challenge, pin));
        if (!fin.isOk()) {
            return fin.err();
        }
        OtpStep step = ok(protocol.applyOtpFinalize(state, fin, pin));
        String otp = protocol.otp(step.state(), step.defi());
        if (keep) {
            state = step.state();
        }
        server.secret(step.state().k1());
        return server.secret(otp);
    }

    private TestServer next() {
        return nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
    }

    private static <T> T ok(ProtocolResult<T> r) {
        if (r instanceof ProtocolResult.Ok<T> ok) {
            return ok.value();
        }
        throw new AssertionError("protocol result " + r);
    }
}
