package dev.pims.server.mac;

import dev.pims.protocol.wire.Action;
import dev.pims.protocol.wire.Mode;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches one device request (already split into parameters) to its flow. Every outcome is a wire
 * message: malformed input gives NOK:SN, an unknown action or mode NOK:STATE, and an unexpected failure
 * NOK:STATE too (logged without any parameter), so the endpoint never answers 5xx.
 */
public final class MacService {
    private static final Logger LOG = LoggerFactory.getLogger(MacService.class);
    private final ActivationFlow activation;
    private final MsFlow ms;
    private final OtpFlow otp;

    public MacService(MacContext ctx) {
        DeviceChecks checks = new DeviceChecks(ctx);
        this.activation = new ActivationFlow(ctx);
        this.ms = new MsFlow(ctx, checks);
        this.otp = new OtpFlow(ctx, checks);
    }

    /** {@code raw} is empty when the request could not be decoded at all. */
    public WireMessage handle(Optional<Map<String, List<String>>> raw) {
        String root = raw.flatMap(m -> first(m, "action")).flatMap(Action::of).map(Action::wireName)
                .orElse(Action.SETUP.wireName());
        if (raw.isEmpty()) {
            return WireMessage.error(root, WireError.SN);
        }
        Map<String, String> single = new HashMap<>();
        for (Map.Entry<String, List<String>> e : raw.get().entrySet()) {
            if (e.getValue().size() != 1 || e.getValue().get(0).length() > Params.MAX_VALUE
                    || e.getKey().length() > 64) {
                return WireMessage.error(root, WireError.SN);
            }
            single.put(e.getKey(), e.getValue().get(0));
        }
        Optional<Action> action = Optional.ofNullable(single.get("action")).flatMap(Action::of);
        Optional<Mode> mode = Optional.ofNullable(single.get("mode")).flatMap(Mode::of);
        if (action.isEmpty() || mode.isEmpty()) {
            return WireMessage.error(root, WireError.STATE);
        }
        Params p = new Params(single);
        try {
            return switch (action.get()) {
                case SETUP -> switch (mode.get()) {
                    case ACTIVATE -> activation.setup(p);
                    case OTP -> otp.setup(p);
                    case MS -> WireMessage.error(root, WireError.STATE);
                };
                case FINALIZE -> switch (mode.get()) {
                    case ACTIVATE -> activation.finalizeActivation(p);
                    case MS -> ms.handle(p);
                    case OTP -> otp.finalizeOtp(p);
                };
            };
        } catch (MalformedRequest e) {
            return WireMessage.error(root, WireError.SN);
        } catch (RuntimeException e) {
            LOG.error("device request {} {} failed: {}", action.get().wireName(), mode.get().wireName(),
                    e.getClass().getName(), e);
            return WireMessage.error(root, WireError.STATE);
        }
    }

    private static Optional<String> first(Map<String, List<String>> m, String name) {
        List<String> v = m.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
