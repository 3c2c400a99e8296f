package dev.pims.sdk.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the SDK keeps each enrollment's state. A host with its own secure storage (Android Keystore
 * backed preferences, iOS keychain bridge...) implements this and passes it to {@code Pims.builder()}.
 * Contract: {@link #save} replaces the whole state atomically (a reader sees the old or the new state,
 * never a mix); methods are thread-safe. The SDK serialises calls for one key itself.
 * <p>The store also keeps, per username, the account server's known-client token ({@link #loadKnownClient},
 * {@link #saveKnownClient}): sent back on the next password login, it gives this app its own budget of wrong
 * passwords, so that guesses from elsewhere cannot lock its user out, after a restart too. A store that does
 * not override them keeps no token across restarts (the SDK then still keeps it in memory).
 */
public interface DeviceStateStore {

    Optional<StoredState> load(DeviceKey key) throws IOException;

    void save(DeviceKey key, StoredState state) throws IOException;

    /** Removes the state; no error when there is none. */
    void delete(DeviceKey key) throws IOException;

    /**
     * The known-client token last saved for {@code username}, empty when there is none. A token that cannot be
     * read (a damaged record) is empty too, never an error: the token only spares the login's budget of wrong
     * passwords, so a login must not fail for want of it. The default keeps nothing: always empty.
     *
     * @param username the account login, as the app passes it to the password login
     * @return the token, or empty
     */
    default Optional<String> loadKnownClient(String username) {
        return Optional.empty();
    }

    /**
     * Keeps {@code token} as the known-client token of {@code username}, replacing the previous one. The token
     * is a secret (it buys a budget of password guesses): keep it where the device states are kept. The SDK
     * ignores a failure (the login it came with has succeeded). The default keeps nothing.
     *
     * @param username the account login
     * @param token the server's {@code known_client_token}: 1 to 256 printable ASCII characters
     * @throws IOException when it cannot be written
     */
    default void saveKnownClient(String username, String token) throws IOException {
    }
}
