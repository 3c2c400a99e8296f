package dev.pims.protocol.crypto;

import dev.pims.protocol.codec.Hex;
import java.math.BigInteger;

/** An RSA public key of the protocol: a modulus and the fixed public exponent 17. */
public record RsaPublicKey(BigInteger modulus) {
    public static final BigInteger EXPONENT = BigInteger.valueOf(17);

    public RsaPublicKey {
        if (modulus == null || modulus.signum() <= 0 || modulus.bitLength() < 512) {
            throw new IllegalArgumentException("RSA modulus must be positive and at least 512 bits");
        }
    }

    /** {@code k}: the modulus length in bytes, the size of every block. */
    public int size() {
        return (modulus.bitLength() + 7) / 8;
    }

    /** The modulus as lowercase hex without a sign byte, as {@code Kfact} travels. */
    public String modulusHex() {
        return Hex.encode(Rsa.toFixedLength(modulus, size()));
    }

    public static RsaPublicKey ofModulusHex(String hex) {
        return new RsaPublicKey(new BigInteger(1, Hex.decode(hex)));
    }
}
