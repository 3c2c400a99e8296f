package dev.pims.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The 32-byte key that protects every secret at rest. Source, in order: the value given by the embedder,
 * the environment variable {@code PIMS_MASTER_KEY} (64 hex chars or base64 of 32 bytes), the file
 * {@code DIR/master.key} (base64), or a fresh key written to that file with mode 0600.
 */
public final class MasterKey {
    public static final String ENV = "PIMS_MASTER_KEY";
    public static final String FILE = "master.key";
    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes");
        }
        this.key = key.clone();
    }

    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    /** Parses 64 hex chars or base64 of 32 bytes. */
    public static MasterKey parse(String text) {
        String t = text.strip();
        if (t.length() == 64 && t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return new MasterKey(HexFormat.of().parseHex(t));
        }
        try {
            return new MasterKey(Base64.getDecoder().decode(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key must be 64 hex chars or base64 of 32 bytes");
        }
    }

    public static MasterKey load(Optional<String> fromEnv, Path dataDir, SecureRandom rnd) {
        if (fromEnv.isPresent() && !fromEnv.get().isBlank()) {
            return parse(fromEnv.get());
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file, StandardCharsets.US_ASCII));
            }
            byte[] fresh = new byte[32];
            rnd.nextBytes(fresh);
            SecretFiles.writePrivate(file, Base64.getEncoder().encodeToString(fresh) + "\n");
            return new MasterKey(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey m && java.security.MessageDigest.isEqual(m.key, key);
    }

    @Override
    public int hashCode() {
        return 0;
    }
}
