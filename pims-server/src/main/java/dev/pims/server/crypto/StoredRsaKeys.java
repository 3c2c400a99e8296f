package dev.pims.server.crypto;

import dev.pims.protocol.crypto.RsaPrivateKey;
import java.math.BigInteger;

/** Seals and opens RSA private keys (modulus, private exponent, primes) with the SecretBox. */
public final class StoredRsaKeys {
    private final SecretBox box;

    public StoredRsaKeys(SecretBox box) {
        this.box = box;
    }

    public String seal(String purpose, RsaPrivateKey key) {
        String text = key.modulus().toString(16) + ":" + key.exponent().toString(16)
                + ":" + key.p().toString(16) + ":" + key.q().toString(16);
        return box.sealText(purpose, text);
    }

    public RsaPrivateKey open(String purpose, String sealed) {
        String[] parts = box.openText(purpose, sealed).split(":");
        BigInteger n = new BigInteger(parts[0], 16);
        BigInteger d = new BigInteger(parts[1], 16);
        return RsaPrivateKey.ofPrimes(n, d, new BigInteger(parts[2], 16), new BigInteger(parts[3], 16));
    }
}
