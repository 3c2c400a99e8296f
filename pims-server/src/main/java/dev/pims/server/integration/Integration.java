package dev.pims.server.integration;

import dev.pims.protocol.crypto.RsaPrivateKey;

/** What a {@code macid} names: its policy and its factory key (Kfact). */
public record Integration(String macid, Policy policy, RsaPrivateKey kfact, long createdAt) {
    public static final String DEFAULT_MACID = "default";

    @Override
    public String toString() {
        return "Integration[" + macid + "]";
    }
}
