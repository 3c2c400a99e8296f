package dev.pims.protocol.crypto;

import dev.pims.protocol.codec.Hex;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The protocol's four RSA operations, all with OAEP (SHA-256, MGF1-SHA-256, empty label).
 * <ul>
 *   <li>client to server: {@link #encrypt} with a public key, {@link #decrypt} with the private key;</li>
 *   <li>server to client ("public decode"): {@link #privateEncode} OAEP-encodes chunks of at most {@code k - 66}
 *   bytes and raises each to the private exponent; {@link #publicDecode} undoes it with the public key.</li>
 * </ul>
 * Every decoding answers empty on any malformed input, without saying why.
 */
public final class Rsa {
    private Rsa() {
    }

    /** The largest chunk that one block of a k-byte key carries. */
    public static int chunkSize(int k) {
        return k - Oaep.OVERHEAD;
    }

    public static String encrypt(RsaPublicKey key, byte[] message, SecureRandom rnd) {
        int k = key.size();
        BigInteger m = new BigInteger(1, Oaep.encode(message, k, rnd));
        return Hex.encode(toFixedLength(m.modPow(RsaPublicKey.EXPONENT, key.modulus()), k));
    }

    public static Optional<byte[]> decrypt(RsaPrivateKey key, String hex) {
        int k = key.publicKey().size();
        if (!Hex.isHex(hex, 2 * k)) {
            return Optional.empty();
        }
        BigInteger c = new BigInteger(1, Hex.decode(hex));
        if (c.compareTo(key.modulus()) >= 0) {
            return Optional.empty();
        }
        return Oaep.decode(toFixedLength(key.apply(c), k));
    }

    public static String privateEncode(RsaPrivateKey key, byte[] payload, SecureRandom rnd) {
        int k = key.publicKey().size();
        int chunk = chunkSize(k);
        StringBuilder out = new StringBuilder();
        int offset = 0;
        do {
            int n = Math.min(chunk, payload.length - offset);
            byte[] part = new byte[n];
            System.arraycopy(payload, offset, part, 0, n);
            BigInteger m = new BigInteger(1, Oaep.encode(part, k, rnd));
            out.append(Hex.encode(toFixedLength(key.apply(m), k)));
            offset += n;
        } while (offset < payload.length);
        return out.toString();
    }

    public static Optional<byte[]> publicDecode(RsaPublicKey key, String hex) {
        int k = key.size();
        if (!Hex.isHex(hex, -1) || (hex.length() / 2) % k != 0) {
            return Optional.empty();
        }
        byte[] all = Hex.decode(hex);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < all.length; offset += k) {
            BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(all, offset, offset + k));
            if (s.compareTo(key.modulus()) >= 0) {
                return Optional.empty();
            }
            Optional<byte[]> chunk = Oaep.decode(toFixedLength(s.modPow(RsaPublicKey.EXPONENT, key.modulus()), k));
            if (!chunk.isPresent()) {
                return Optional.empty();
            }
            out.write(chunk.get(), 0, chunk.get().length);
        }
        return Optional.of(out.toByteArray());
    }

    /** I2OSP: the unsigned big-endian form of x, left-padded with zeros to exactly {@code length} bytes. */
    static byte[] toFixedLength(BigInteger x, int length) {
        byte[] raw = x.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            int skip = raw.length - length;
            for (int i = 0; i < skip; i++) {
                if (raw[i] != 0) {
                    throw new IllegalArgumentException("integer too large for " + length + " bytes");
                }
            }
            System.arraycopy(raw, skip, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }
}
