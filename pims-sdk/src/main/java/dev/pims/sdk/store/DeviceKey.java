package dev.pims.sdk.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** Names one enrollment on this device: the integration ({@code macid}) and the account login. */
public record DeviceKey(String macId, String login) {

    public DeviceKey {
        Objects.requireNonNull(macId, "macId");
        Objects.requireNonNull(login, "login");
    }

    /** A file-name-safe id: 32 hex chars of SHA-256(macid NUL login). */
    public String fileId() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((macId + "\u0000" + login).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
