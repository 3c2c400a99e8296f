package dev.pims.sdk.store;

import dev.pims.protocol.crypto.Sha256;
import java.util.Objects;

/** Names one enrollment on this device: the integration ({@code macid}) and the account login. */
public record DeviceKey(String macId, String login) {

    public DeviceKey {
        Objects.requireNonNull(macId, "macId");
        Objects.requireNonNull(login, "login");
    }

    /** A file-name-safe id: 32 hex chars of SHA-256(macid NUL login). */
    public String fileId() {
        return Sha256.hex(macId + "\u0000" + login).substring(0, 32);
    }
}
