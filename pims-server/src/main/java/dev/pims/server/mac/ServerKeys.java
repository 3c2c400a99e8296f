package dev.pims.server.mac;

import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.crypto.RsaPublicKey;
import java.math.BigInteger;
import java.security.SecureRandom;

/** How the server hands a public key to a device: the modulus bytes (k bytes, big-endian), "public decode" form under Kfact. */
final class ServerKeys {
    private ServerKeys() {
    }

    static byte[] modulusBytes(RsaPublicKey key) {
        int k = key.size();
        byte[] raw = key.modulus().toByteArray();
        byte[] out = new byte[k];
        int copy = Math.min(raw.length, k);
        System.arraycopy(raw, raw.length - copy, out, k - copy, copy);
        return out;
    }

    static String encodeUnderKfact(RsaPrivateKey kfact, RsaPublicKey key, SecureRandom rnd) {
        return Rsa.privateEncode(kfact, modulusBytes(key), rnd);
    }

    static BigInteger modulus(RsaPublicKey key) {
        return key.modulus();
    }
}
