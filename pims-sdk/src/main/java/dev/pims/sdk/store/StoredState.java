package dev.pims.sdk.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The persisted client state of one enrollment (mac-protocol.md section 5) as named string fields,
 * e.g. {@code deviceId, iwalea, kfact, kiw, pinmode, id, lastsync, k0, k1, secid, secval, j}.
 * Never holds the PIN or KMA. {@link #toString()} shows field names only.
 */
public record StoredState(int formatVersion, Map<String, String> fields) {

    public static final int CURRENT_FORMAT = 1;

    public StoredState {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static StoredState of(Map<String, String> fields) {
        return new StoredState(CURRENT_FORMAT, fields);
    }

    public String get(String name) {
        String v = fields.get(name);
        return v == null ? "" : v;
    }

    @Override
    public String toString() {
        return "StoredState[formatVersion=" + formatVersion + ", fields=" + fields.keySet() + "]";
    }
}
