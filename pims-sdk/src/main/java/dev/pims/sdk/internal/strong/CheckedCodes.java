package dev.pims.sdk.internal.strong;

import dev.pims.sdk.store.DeviceKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The enrollment SMS code that the last {@code SET smscode {action: enrollment}} checked, per enrollment,
 * so that {@code SET enrollment {action: enroll}} may omit {@code smsCode}. Memory only; consumed by the
 * activation, cleared by logout and release.
 */
public final class CheckedCodes {

    private final Map<DeviceKey, String> codes = new ConcurrentHashMap<>();

    void put(DeviceKey key, String code) {
        codes.put(key, code);
    }

    Optional<String> get(DeviceKey key) {
        return Optional.ofNullable(codes.get(key));
    }

    void remove(DeviceKey key) {
        codes.remove(key);
    }

    public void clear() {
        codes.clear();
    }
}
