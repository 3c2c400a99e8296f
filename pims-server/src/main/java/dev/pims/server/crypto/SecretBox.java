package dev.pims.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM encryption of secrets at rest, and keyed look-up hashes. The AES key is derived from a master key
 * of the {@link Keyring} (HMAC-SHA256 with a label). The stored form is {@code $<key id>$base64(nonce(12) ||
 * ciphertext+tag)}; values sealed before key ids existed are plain base64 and are opened by trying each key of
 * the ring. The purpose label is bound as associated data so that a value cannot be moved to another column.
 *
 * <p>The look-up key (HMAC of activation codes, SMS codes, OTPs, OAuth tokens) does not change when the master
 * key is rotated: it is a separate key, stored sealed under the master key (keys.LookupKey), so the hashes
 * already stored stay valid and look-ups never need two attempts.
 */
public final class SecretBox {
    private static final char MARK = '$';
    private final Keyring keyring;
    private final SecretKeySpec lookupKey;
    private final SecureRandom rnd;
    private volatile Function<String, Optional<Keyring.Entry>> unknownKey = id -> Optional.empty();

    /** One master key, the look-up key derived from it (as before key rotation existed). */
    public SecretBox(MasterKey master, SecureRandom rnd) {
        this(new Keyring(master), derivedLookupKey(master), rnd);
    }

    public SecretBox(Keyring keyring, byte[] lookupKey, SecureRandom rnd) {
        this.keyring = keyring;
        this.lookupKey = new SecretKeySpec(lookupKey, "HmacSHA256");
        this.rnd = rnd;
    }

    /** The look-up key that a store created before key rotation existed uses: derived from its master key. */
    public static byte[] derivedLookupKey(MasterKey master) {
        return Keyring.hmac(master.bytes(), "pims/lookup/v1");
    }

    public Keyring keyring() {
        return keyring;
    }

    /**
     * Called with the id of a key this node does not hold, before {@link #open} gives up: another node may have
     * started a rotation a moment ago (keys.KeyringSync fetches the new key from the database).
     */
    public void onUnknownKey(Function<String, Optional<Keyring.Entry>> lookup) {
        this.unknownKey = lookup;
    }

    public String seal(String purpose, byte[] clear) {
        return sealWith(keyring.current(), purpose, clear);
    }

    /** Seals a master key under another key of the ring (the key rotation's exchange of keys between nodes). */
    public String sealMasterKey(Keyring.Entry under, String purpose, MasterKey key) {
        return sealWith(under, purpose, key.bytes());
    }

    /** Seals under a given key of the ring (the key rotation seals each master key under the other one). */
    public String sealWith(Keyring.Entry key, String purpose, byte[] clear) {
        try {
            byte[] nonce = new byte[12];
            rnd.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(128, nonce));
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(clear);
            byte[] out = new byte[12 + ct.length];
            System.arraycopy(nonce, 0, out, 0, 12);
            System.arraycopy(ct, 0, out, 12, ct.length);
            return MARK + key.id() + MARK + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String sealText(String purpose, String clear) {
        return seal(purpose, clear.getBytes(StandardCharsets.UTF_8));
    }

    /** The id of the key that sealed {@code sealed}; empty for a value sealed before key ids existed. */
    public static Optional<String> keyIdOf(String sealed) {
        if (sealed.length() > 2 && sealed.charAt(0) == MARK) {
            int end = sealed.indexOf(MARK, 1);
            if (end > 1) {
                return Optional.of(sealed.substring(1, end));
            }
        }
        return Optional.empty();
    }

    public byte[] open(String purpose, String sealed) {
        Optional<String> id = keyIdOf(sealed);
        if (id.isPresent()) {
            Optional<Keyring.Entry> key = keyring.find(id.get()).or(() -> unknownKey.apply(id.get()));
            if (key.isPresent()) {
                Optional<byte[]> clear = tryOpen(key.get(), purpose, sealed.substring(id.get().length() + 2));
                if (clear.isPresent()) {
                    return clear.get();
                }
            }
        } else {
            for (Keyring.Entry key : keyring.all()) {
                Optional<byte[]> clear = tryOpen(key, purpose, sealed);
                if (clear.isPresent()) {
                    return clear.get();
                }
            }
        }
        // no detail: the message must not help anyone and never carries data
        throw new IllegalStateException("a stored secret cannot be decrypted (wrong master key?)");
    }

    /** Opens {@code sealed} and seals it again with the current key (the key rotation's re-seal). */
    public String reseal(String purpose, String sealed) {
        return seal(purpose, open(purpose, sealed));
    }

    private static Optional<byte[]> tryOpen(Keyring.Entry key, String purpose, String base64) {
        try {
            byte[] all = Base64.getDecoder().decode(base64);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(128, all, 0, 12));
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return Optional.of(c.doFinal(all, 12, all.length - 12));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
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
}
