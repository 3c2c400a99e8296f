package dev.pims.sdk.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps states in memory only: the default when no {@code storage.path} is configured, and for tests. */
public final class MemoryDeviceStateStore implements DeviceStateStore {

    private final Map<DeviceKey, StoredState> states = new ConcurrentHashMap<>();

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
}
