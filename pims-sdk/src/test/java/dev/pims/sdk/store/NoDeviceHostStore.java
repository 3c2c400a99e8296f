package dev.pims.sdk.store;

import java.util.Optional;

/**
 * A host store as written before the known-client methods existed (it overrides none of them), for tests that
 * enroll no device: no device state is ever found, and saving one is a test error.
 */
public class NoDeviceHostStore implements DeviceStateStore {

    @Override
    public Optional<StoredState> load(DeviceKey key) {
        return Optional.empty();
    }

    @Override
    public void save(DeviceKey key, StoredState state) {
        throw new UnsupportedOperationException("this test enrolls no device");
    }

    @Override
    public void delete(DeviceKey key) {
        // nothing is ever saved
    }
}
