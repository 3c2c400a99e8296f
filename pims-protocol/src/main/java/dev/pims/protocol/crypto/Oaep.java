package dev.pims.protocol.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * EME-OAEP (RFC 8017 section 7.1) with SHA-256, MGF1-SHA-256 and an empty label, written out by hand because the
 * protocol also applies it around private-key operations, which JCE does not offer. Public so that the server can wrap the same encoding around the JDK's blinded private-key
 * operation (pims-server BlindedRsa); the protocol's own RSA code is unchanged.
 */
public final class Oaep {
    static final int HASH_LENGTH = 32;
    /** Bytes of overhead: the largest message for a k-byte block is {@code k - OVERHEAD}. */
    public static final int OVERHEAD = 2 * HASH_LENGTH + 2;
    private static final byte[] EMPTY_LABEL_HASH = Sha256.digest(new byte[0]);

    private Oaep() {
    }

    public static byte[] encode(byte[] message, int k, SecureRandom rnd) {
        if (message.length > k - OVERHEAD) {
            throw new IllegalArgumentException("message too long for one OAEP block");
        }
        byte[] db = new byte[k - HASH_LENGTH - 1];
        System.arraycopy(EMPTY_LABEL_HASH, 0, db, 0, HASH_LENGTH);
        db[db.length - message.length - 1] = 0x01;
        System.arraycopy(message, 0, db, db.length - message.length, message.length);
        byte[] seed = new byte[HASH_LENGTH];
        rnd.nextBytes(seed);
        xor(db, mgf1(seed, db.length));
        xor(seed, mgf1(db, HASH_LENGTH));
        byte[] em = new byte[k];
        System.arraycopy(seed, 0, em, 1, HASH_LENGTH);
        System.arraycopy(db, 0, em, 1 + HASH_LENGTH, db.length);
        return em;
    }

    /** Decodes one k-byte encoded block; empty when it is not a valid encoding. Scans the whole block whatever fails. */
    public static Optional<byte[]> decode(byte[] em) {
        int k = em.length;
        if (k < OVERHEAD) {
            return Optional.empty();
        }
        byte[] seed = Arrays.copyOfRange(em, 1, 1 + HASH_LENGTH);
        byte[] db = Arrays.copyOfRange(em, 1 + HASH_LENGTH, k);
        xor(seed, mgf1(db, HASH_LENGTH));
        xor(db, mgf1(seed, db.length));
        boolean good = em[0] == 0;
        good &= MessageDigest.isEqual(Arrays.copyOfRange(db, 0, HASH_LENGTH), EMPTY_LABEL_HASH);
        int separator = -1;
        boolean inPadding = true;
        for (int i = HASH_LENGTH; i < db.length; i++) {
            boolean one = db[i] == 0x01;
            boolean zero = db[i] == 0x00;
            if (inPadding && one) {
                separator = i;
                inPadding = false;
            } else if (inPadding && !zero) {
                good = false;
                inPadding = false;
            }
        }
        if (!good || separator < 0) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(db, separator + 1, db.length));
    }

    private static byte[] mgf1(byte[] seed, int length) {
        byte[] out = new byte[length];
        byte[] input = Arrays.copyOf(seed, seed.length + 4);
        int produced = 0;
        for (int counter = 0; produced < length; counter++) {
            input[seed.length] = (byte) (counter >>> 24);
            input[seed.length + 1] = (byte) (counter >>> 16);
            input[seed.length + 2] = (byte) (counter >>> 8);
            input[seed.length + 3] = (byte) counter;
            byte[] block = Sha256.digest(input);
            int n = Math.min(block.length, length - produced);
            System.arraycopy(block, 0, out, produced, n);
            produced += n;
        }
        return out;
    }

    private static void xor(byte[] target, byte[] mask) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= mask[i];
        }
    }
}
