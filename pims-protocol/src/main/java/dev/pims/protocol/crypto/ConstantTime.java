package dev.pims.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons of secrets whose duration does not depend on where the inputs differ. */
public final class ConstantTime {
    private ConstantTime() {
    }

    public static boolean equals(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a, b);
    }

    /** Null-safe; two nulls are not equal, so an absent secret never matches. */
    public static boolean equals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
