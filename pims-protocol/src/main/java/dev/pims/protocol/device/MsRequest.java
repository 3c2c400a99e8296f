package dev.pims.protocol.device;

import java.util.Map;

/** The ms Finalize request to send and the state to keep once the server accepts it. */
public record MsRequest(Map<String, String> params, DeviceState stateIfAccepted) {
    public MsRequest {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
