package dev.pims.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Unkeyed SHA-256 for high-entropy tokens (API keys), and constant-time comparison of tokens. */
public final class Digests {
    private Digests() {
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    public static boolean tokenEquals(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        // compare digests: constant time and independent of the lengths
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
