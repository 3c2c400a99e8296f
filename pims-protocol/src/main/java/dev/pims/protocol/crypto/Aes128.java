package dev.pims.protocol.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES-128 in ECB mode without padding, on single 16-byte blocks: how K0, K1 and secval travel under KMA. */
public final class Aes128 {
    public static final int BLOCK = 16;

    private Aes128() {
    }

    public static byte[] encrypt(byte[] key16, byte[] block16) {
        return run(Cipher.ENCRYPT_MODE, key16, block16);
    }

    public static byte[] decrypt(byte[] key16, byte[] block16) {
        return run(Cipher.DECRYPT_MODE, key16, block16);
    }

    private static byte[] run(int mode, byte[] key, byte[] block) {
        if (key.length != BLOCK || block.length != BLOCK) {
            throw new IllegalArgumentException("AES-128 takes a 16-byte key and a 16-byte block");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding is unavailable", e);
        }
    }
}
