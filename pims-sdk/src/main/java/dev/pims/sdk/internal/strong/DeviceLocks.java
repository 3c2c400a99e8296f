package dev.pims.sdk.internal.strong;

import dev.pims.sdk.store.DeviceKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per enrollment, so that concurrent operations on one device (two OTP requests, an OTP during
 * a removal) run one after the other and each sees the state the previous one saved. Owned by the
 * facade, so it outlives configuration changes; two facades sharing one storage directory do not share it.
 */
public final class DeviceLocks {

    private final Map<DeviceKey, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ReentrantLock of(DeviceKey key) {
        return locks.computeIfAbsent(key, k -> new ReentrantLock(true));
    }
}
