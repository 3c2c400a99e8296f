package dev.pims.sdk.internal.strong;

import dev.pims.protocol.device.DeviceState;
import dev.pims.sdk.store.StoredState;
import java.util.LinkedHashMap;
import java.util.Map;

/** DeviceState <-> the store's named fields (format version 1). */
final class StateMapping {

    private StateMapping() {
    }

    static StoredState toStored(DeviceState s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("deviceId", s.deviceId());
        f.put("iwalea", s.iwalea());
        f.put("kfact", s.kfact());
        f.put("kiw", s.kiw());
        f.put("pinmode", s.pinmode());
        f.put("id", s.id());
        f.put("lastsync", s.lastsync());
        f.put("k0", s.k0());
        f.put("k1", s.k1());
        f.put("secid", s.secid());
        f.put("secval", s.secval());
        f.put("j", s.j());
        return StoredState.of(f);
    }

    static DeviceState fromStored(StoredState s) {
        return new DeviceState(s.get("deviceId"), s.get("iwalea"), s.get("kfact"), s.get("kiw"), s.get("pinmode"),
                s.get("id"), s.get("lastsync"), s.get("k0"), s.get("k1"), s.get("secid"), s.get("secval"), s.get("j"));
    }
}
