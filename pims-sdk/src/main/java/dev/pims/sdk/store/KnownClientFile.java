package dev.pims.sdk.store;

import dev.pims.protocol.crypto.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The known-client token file of a {@link FileDeviceStateStore}: {@code known-client-<hex>.token}, {@code <hex>}
 * the 64 hex characters of SHA-256(username, UTF-8) (so a username cannot inject a path), holding the token
 * alone: 1 to {@value #MAX} printable ASCII characters, no line end. Anything else in the file (empty, too long,
 * other bytes) reads as "no token".
 */
final class KnownClientFile {

    /** The longest token kept, as the account client accepts it. */
    static final int MAX = 256;
    static final String PREFIX = "known-client-";
    static final String SUFFIX = ".token";

    private KnownClientFile() {
    }

    /** The file name of {@code username}'s token. */
    static String name(String username) {
        return PREFIX + Sha256.hex(username) + SUFFIX;
    }

    /** The token, when the file holds a valid one; empty when it is missing, unreadable or damaged. */
    static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX) {
                return Optional.empty();
            }
            String token = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            return valid(token) ? Optional.of(token) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@code token}, when it is one a store may keep. */
    static String checked(String token) {
        if (!valid(token)) {
            throw new IllegalArgumentException("not a known-client token: 1 to " + MAX + " printable ASCII characters");
        }
        return token;
    }

    static boolean valid(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
