package dev.pims.sdk.store;

import java.util.Objects;

/** Names one enrollment on this device: the integration ({@code macid}) and the account login. */
public record DeviceKey(String macId, String login) {

    public DeviceKey {
        Objects.requireNonNull(macId, "macId");
        Objects.requireNonNull(login, "login");
    }

    /** A file-name-safe id: 32 hex chars of SHA-256(macid NUL login). */
    public String fileId() {
        return FileIds.sha256Hex(macId + "\u0000" + login).substring(0, 32);
    }
}
