package dev.pims.server.crypto;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Oaep;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.crypto.RsaPublicKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * The server's RSA private-key operations, done by the JDK: {@code RSA/ECB/NoPadding} with the CRT private key.
 * The JDK blinds every private-key operation of a CRT key (a fresh random factor per call, so the time and the
 * cache traces of the exponentiation do not depend on the input the client chose) and checks a CRT signature
 * against the public exponent. Around it the protocol's own OAEP encoding ({@link Oaep}, the same bytes as
 * {@code dev.pims.protocol.crypto.Rsa}); the protocol module keeps its plain code for the Android-safe client
 * side, where only public-key operations run.
 *
 * <p>Every result is checked with the public key before it leaves this class: {@code s^17 mod n} must give back
 * the encoded block (a CRT fault would otherwise hand the client a value that factors the modulus), and a
 * decrypted block must encrypt back to the ciphertext. A failed check throws and nothing is sent.
 */
public final class BlindedRsa {
    private static final String TRANSFORMATION = "RSA/ECB/NoPadding";

    private BlindedRsa() {
    }

    /**
     * The protocol's "private encode" (the server-to-client direction): OAEP-encoded chunks of at most
     * {@code k - 66} bytes, each raised to the private exponent; the same output format as
     * {@code Rsa.privateEncode}.
     */
    public static String privateEncode(RsaPrivateKey key, byte[] payload, SecureRandom rnd) {
        RSAPrivateCrtKey jce = jceKey(key);
        RsaPublicKey pub = key.publicKey();
        int k = pub.size();
        int chunk = k - Oaep.OVERHEAD;
        StringBuilder out = new StringBuilder();
        int offset = 0;
        do {
            int n = Math.min(chunk, payload.length - offset);
            byte[] em = Oaep.encode(Arrays.copyOfRange(payload, offset, offset + n), k, rnd);
            byte[] s = apply(jce, Cipher.ENCRYPT_MODE, em, k);
            if (!raiseToPublic(pub, s).equals(new BigInteger(1, em))) {
                throw new IllegalStateException("RSA private-key operation failed its check");
            }
            out.append(Hex.encode(s));
            offset += n;
        } while (offset < payload.length);
        return out.toString();
    }

    /**
     * Decrypts one block the client encrypted with the public key (OAEP); empty on any malformed input, without
     * saying why, like {@code Rsa.decrypt}.
     */
    public static Optional<byte[]> decrypt(RsaPrivateKey key, String hex) {
        RsaPublicKey pub = key.publicKey();
        int k = pub.size();
        if (!Hex.isHex(hex, 2 * k)) {
            return Optional.empty();
        }
        byte[] c = Hex.decode(hex);
        BigInteger cInt = new BigInteger(1, c);
        if (cInt.compareTo(key.modulus()) >= 0) {
            return Optional.empty();
        }
        byte[] em = apply(jceKey(key), Cipher.DECRYPT_MODE, c, k);
        if (!raiseToPublic(pub, em).equals(cInt)) {
            throw new IllegalStateException("RSA private-key operation failed its check");
        }
        return Oaep.decode(em);
    }

    /** The JDK key of {@code key}; only CRT keys (the server always stores the primes). */
    static RSAPrivateCrtKey jceKey(RsaPrivateKey key) {
        BigInteger p = key.p();
        BigInteger q = key.q();
        if (p == null || q == null) {
            throw new IllegalArgumentException("a server private key needs its primes");
        }
        BigInteger d = key.exponent();
        BigInteger one = BigInteger.ONE;
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(
                    key.modulus(), RsaPublicKey.EXPONENT, d, p, q, d.mod(p.subtract(one)), d.mod(q.subtract(one)),
                    q.modInverse(p)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK refused an RSA key", e);
        }
    }

    /** One raw private-key operation by the JDK (blinded), as exactly {@code k} bytes. */
    static byte[] apply(RSAPrivateCrtKey key, int mode, byte[] block, int k) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(mode, key);
            byte[] out = cipher.doFinal(block);
            if (out.length == k) {
                return out;
            }
            byte[] fixed = new byte[k];
            System.arraycopy(out, 0, fixed, k - out.length, out.length);
            return fixed;
        } catch (GeneralSecurityException e) {
            // the JDK's own CRT check failed, or the key is unusable: no detail, no data
            throw new IllegalStateException("RSA private-key operation failed");
        }
    }

    private static BigInteger raiseToPublic(RsaPublicKey pub, byte[] value) {
        return new BigInteger(1, value).modPow(RsaPublicKey.EXPONENT, pub.modulus());
    }
}
