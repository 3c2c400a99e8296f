package dev.pims.protocol.proof;

import dev.pims.protocol.crypto.Sha256;

/** The K1 ratchet: on {@code dK1}, {@code K1 := first 32 hex chars of H(K1 + ";" + dK1)}. */
public final class K1Ratchet {
    private K1Ratchet() {
    }

    public static String apply(String k1Hex, String dK1) {
        return Sha256.hex(k1Hex + ";" + dK1).substring(0, 32);
    }
}
