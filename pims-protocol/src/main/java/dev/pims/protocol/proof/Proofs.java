package dev.pims.protocol.proof;

import dev.pims.protocol.crypto.ConstantTime;
import dev.pims.protocol.crypto.Sha256;

/**
 * The three proofs a device sends with every Finalize. {@code k0} and {@code k1} are the current keys as lowercase
 * hex, or the empty string where the device has none yet.
 */
public record Proofs(String r0, String r1, String r2) {

    public static Proofs withPin(String challenge, String k0, String serial, String k1, String pin) {
        return new Proofs(r0(challenge, k0, serial), r1(challenge, k0, k1), r2WithPin(challenge, k0, pin));
    }

    public static Proofs withoutPin(String challenge, String k0, String serial, String k1) {
        return new Proofs(r0(challenge, k0, serial), r1(challenge, k0, k1), r2WithoutPin(challenge, k0));
    }

    /** Proves possession of the serial. */
    public static String r0(String challenge, String k0, String serial) {
        return Sha256.hex(challenge + ";" + k0 + ";" + serial);
    }

    /** Proves possession of the current K1. */
    public static String r1(String challenge, String k0, String k1) {
        return Sha256.hex(challenge + ";" + k0 + ";" + k1);
    }

    /** The PIN-proving form of R2. */
    public static String r2WithPin(String challenge, String k0, String pin) {
        return Sha256.hex(challenge + ";" + k0 + ";" + pin);
    }

    /** The PIN-less form of R2. */
    public static String r2WithoutPin(String challenge, String k0) {
        return Sha256.hex(challenge + ";" + k0 + ";");
    }

    /** Compares all three proofs in constant time. */
    public boolean matches(Proofs other) {
        boolean r0ok = ConstantTime.equals(r0, other.r0);
        boolean r1ok = ConstantTime.equals(r1, other.r1);
        boolean r2ok = ConstantTime.equals(r2, other.r2);
        return r0ok & r1ok & r2ok;
    }

    @Override
    public String toString() {
        return "Proofs[redacted]";
    }
}
