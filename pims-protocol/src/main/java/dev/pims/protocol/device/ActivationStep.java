package dev.pims.protocol.device;

import java.util.List;

/**
 * The answer to the activation Finalize once applied: the new state, and what the follow-up {@code ms} step needs.
 *
 * @param state     the device state with id, K0 and K1 applied
 * @param challenge the challenge for the ms step
 * @param serviceId {@code s_id}: becomes the device's {@code secid}
 * @param msIds     one id per secret to send
 * @param msKeys    the matching temporary key moduli, as decoded with Kfact (hex)
 */
public record ActivationStep(DeviceState state, String challenge, String serviceId, List<String> msIds,
                             List<String> msKeys) {
    public ActivationStep {
        msIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(msIds));
        msKeys = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(msKeys));
    }
}
