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

    /** Keys that were current before a rotation and may still open stored values: {@code DIR/master.key.previous}. */
    public static final String PREVIOUS_FILE = "master.key.previous";

    /** The previous keys kept in the data directory during a rotation (one per line, base64); none when absent. */
    public static java.util.List<MasterKey> loadPrevious(Path dataDir) {
        Path file = dataDir.resolve(PREVIOUS_FILE);
        try {
            if (!Files.exists(file)) {
                return java.util.List.of();
            }
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream().filter(l -> !l.isBlank())
                    .map(MasterKey::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Makes {@code next} the key of {@code DIR/master.key}, keeping {@code previous} in {@code master.key.previous}
     * first (so that a crash between the two writes loses no key). Both files 0600; the new key file is written
     * beside the old one and moved over it atomically.
     */
    public static void writeRotated(Path dataDir, MasterKey previous, MasterKey next) {
        Path prev = dataDir.resolve(PREVIOUS_FILE);
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".new");
        try {
            String lines = (Files.exists(prev) ? Files.readString(prev, StandardCharsets.US_ASCII) : "")
                    + Base64.getEncoder().encodeToString(previous.key) + "\n";
            Path prevTmp = dataDir.resolve(PREVIOUS_FILE + ".new");
            Files.deleteIfExists(prevTmp);
            SecretFiles.writePrivate(prevTmp, lines);
            Files.move(prevTmp, prev, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(tmp);
            SecretFiles.writePrivate(tmp, Base64.getEncoder().encodeToString(next.key) + "\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rotated master key to " + dataDir, e);
        }
    }

    /** Deletes {@code DIR/master.key.previous} once no stored value needs the previous keys. */
    public static void forgetPrevious(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(PREVIOUS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir.resolve(PREVIOUS_FILE), e);
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
