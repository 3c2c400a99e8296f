package dev.pims.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secrets at rest, and keyed look-up hashes. Both keys are derived from the
 * master key (HMAC-SHA256 with distinct labels). The stored form is base64(nonce(12) || ciphertext+tag);
 * the purpose label is bound as associated data so that a value cannot be moved to another column.
 */
public final class SecretBox {
    private final SecretKeySpec encKey;
    private final SecretKeySpec lookupKey;
    private final SecureRandom rnd;

    public SecretBox(MasterKey master, SecureRandom rnd) {
        byte[] m = master.bytes();
        this.encKey = new SecretKeySpec(hmac(m, "pims/at-rest/v1"), "AES");
        this.lookupKey = new SecretKeySpec(hmac(m, "pims/lookup/v1"), "HmacSHA256");
        this.rnd = rnd;
    }

    public String seal(String purpose, byte[] clear) {
        try {
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encKey, new GCMParameterSpec(128, nonce));
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(clear);
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(nonce, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String sealText(String purpose, String clear) {
        return seal(purpose, clear.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] open(String purpose, String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encKey, new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, 12, all.length - 12);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // no detail: the message must not help anyone and never carries data
            throw new IllegalStateException("a stored secret cannot be decrypted (wrong master key?)");
        }
    }

    public String openText(String purpose, String sealed) {
        return new String(open(purpose, sealed), StandardCharsets.UTF_8);
    }

    /** Keyed hash (hex HMAC-SHA256) for look-ups by secret value: activation codes, OTPs. */
    public String lookupHash(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }
}
