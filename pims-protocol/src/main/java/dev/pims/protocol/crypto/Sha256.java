package dev.pims.protocol.crypto;

import dev.pims.protocol.codec.Hex;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, and the protocol's {@code H(x)}: the lowercase hex SHA-256 of the UTF-8 bytes of x. */
public final class Sha256 {
    private Sha256() {
    }

    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    public static byte[] digest(String utf8) {
        return digest(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code H(x)}. */
    public static String hex(String utf8) {
        return Hex.encode(digest(utf8));
    }
}
