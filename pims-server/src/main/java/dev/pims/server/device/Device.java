package dev.pims.server.device;

/**
 * A device with its secrets in clear (hex), as loaded inside a transaction. Empty strings mean "unset".
 * {@link #toString()} never shows a secret.
 */
public record Device(String id, String login, String macid, String name, DeviceState state, String serviceId,
        String serial, String kmaHex, String k0, String k1, String k1Prev, String secval, String msId,
        String msPrivateSealed, long createdAt, Long lastUsedAt) {

    @Override
    public String toString() {
        return "Device[" + id + ", " + state + "]";
    }
}
