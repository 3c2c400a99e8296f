package dev.pims.protocol.crypto;

import dev.pims.protocol.codec.Hex;

/** The device's AES key: the first 32 hex characters (16 bytes) of {@code H(PIN + ";" + serial)}. */
public final class Kma {
    public static final int LENGTH = 16;

    private Kma() {
    }

    public static byte[] derive(String pin, String serial) {
        return Hex.decode(Sha256.hex(pin + ";" + serial).substring(0, 2 * LENGTH));
    }
}
