package dev.pims.sdk.store;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the SDK keeps each enrollment's state. A host with its own secure storage (Android Keystore
 * backed preferences, iOS keychain bridge...) implements this and passes it to {@code Pims.builder()}.
 * Contract: {@link #save} replaces the whole state atomically (a reader sees the old or the new state,
 * never a mix); methods are thread-safe. The SDK serialises calls for one key itself.
 */
public interface DeviceStateStore {

    Optional<StoredState> load(DeviceKey key) throws IOException;

    void save(DeviceKey key, StoredState state) throws IOException;

    /** Removes the state; no error when there is none. */
    void delete(DeviceKey key) throws IOException;
}
