package dev.pims.protocol.otp;

/** Base 36 over {@code a-z0-9}, least significant digit first, without padding. */
public final class Base36 {
    public static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Base36() {
    }

    public static String lsbFirst(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative");
        }
        if (n == 0) {
            return "a";
        }
        StringBuilder out = new StringBuilder(8);
        for (long rest = n; rest > 0; rest /= 36) {
            out.append(ALPHABET.charAt((int) (rest % 36)));
        }
        return out.toString();
    }
}
