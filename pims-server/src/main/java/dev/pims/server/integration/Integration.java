package dev.pims.server.integration;

import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.server.limits.AbuseLimits;

/** What a {@code macid} names: its policy, its exact per-subject limits and its factory key (Kfact). */
public record Integration(String macid, Policy policy, AbuseLimits limits, RsaPrivateKey kfact, long createdAt) {
    public static final String DEFAULT_MACID = "default";

    @Override
    public String toString() {
        return "Integration[" + macid + "]";
    }
}
