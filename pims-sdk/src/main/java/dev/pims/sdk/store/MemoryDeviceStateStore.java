package dev.pims.sdk.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps states in memory only: the default when no {@code storage.path} is configured, and for tests. */
public final class MemoryDeviceStateStore implements DeviceStateStore {

    private final Map<DeviceKey, StoredState> states = new ConcurrentHashMap<>();
    private final Map<String, String> knownClients = new ConcurrentHashMap<>();

    @Override
    public Optional<StoredState> load(DeviceKey key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public void save(DeviceKey key, StoredState state) {
        states.put(key, state);
    }

    @Override
    public void delete(DeviceKey key) {
        states.remove(key);
    }

    /** The token last saved for {@code username} in this store (which lives as long as the process). */
    @Override
    public Optional<String> loadKnownClient(String username) {
        return Optional.ofNullable(knownClients.get(username));
    }

    /** Keeps the token in memory: a new process starts without it. */
    @Override
    public void saveKnownClient(String username, String token) {
        knownClients.put(Objects.requireNonNull(username, "username"), KnownClientFile.checked(token));
    }
}
