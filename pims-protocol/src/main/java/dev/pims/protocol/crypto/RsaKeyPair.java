package dev.pims.protocol.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/** A key pair with public exponent 17, as every key of the protocol has. */
public record RsaKeyPair(RsaPublicKey publicKey, RsaPrivateKey privateKey) {

    public static RsaKeyPair generate(int bits, SecureRandom rnd) {
        if (bits < 512 || bits % 64 != 0) {
            throw new IllegalArgumentException("RSA key size must be a multiple of 64, at least 512");
        }
        BigInteger e = RsaPublicKey.EXPONENT;
        while (true) {
            BigInteger p = prime(bits - bits / 2, e, rnd);
            BigInteger q = prime(bits / 2, e, rnd);
            BigInteger n = p.multiply(q);
            if (p.equals(q) || n.bitLength() != bits) {
                continue;
            }
            BigInteger lambda = lcm(p.subtract(BigInteger.ONE), q.subtract(BigInteger.ONE));
            BigInteger d = e.modInverse(lambda);
            return new RsaKeyPair(new RsaPublicKey(n), RsaPrivateKey.ofPrimes(n, d, p, q));
        }
    }

    private static BigInteger prime(int bits, BigInteger e, SecureRandom rnd) {
        while (true) {
            BigInteger candidate = BigInteger.probablePrime(bits, rnd);
            if (candidate.testBit(bits - 1) && candidate.testBit(bits - 2)
                    && candidate.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE)) {
                return candidate;
            }
        }
    }

    private static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.divide(a.gcd(b)).multiply(b);
    }
}
