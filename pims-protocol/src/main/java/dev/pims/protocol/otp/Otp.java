package dev.pims.protocol.otp;

import dev.pims.protocol.crypto.Sha256;

/**
 * The one-time password: {@code d = SHA256(K1 + ":" + defi + ":" + secval)}, then 38 bits of d,
 * {@code (uint32be(d[0..4]) & 0x0FFFFFFF) * 1024 + (uint32be(d[4..8]) & 0x3FF)}, in {@link Base36#lsbFirst}.
 * {@code defi} is used exactly as the server sent it.
 */
public final class Otp {
    /** The longest OTP: 2^38 - 1 has 8 base-36 digits. */
    public static final int MAX_LENGTH = 8;

    private Otp() {
    }

    public static String derive(String k1Hex, String defi, String secvalHex) {
        return Base36.lsbFirst(number(k1Hex, defi, secvalHex));
    }

    static long number(String k1Hex, String defi, String secvalHex) {
        byte[] d = Sha256.digest(k1Hex + ":" + defi + ":" + secvalHex);
        long high = uint32(d, 0) & 0x0FFFFFFFL;
        long low = uint32(d, 4) & 0x3FFL;
        return high * 1024 + low;
    }

    private static long uint32(byte[] b, int offset) {
        return ((b[offset] & 0xFFL) << 24) | ((b[offset + 1] & 0xFFL) << 16)
                | ((b[offset + 2] & 0xFFL) << 8) | (b[offset + 3] & 0xFFL);
    }
}
