package dev.pims.protocol.device;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.proof.Serial;
import java.security.SecureRandom;

/**
 * What a device keeps between calls (mac-protocol.md section 5). Never the PIN, never KMA: with them absent,
 * nothing stored lets anyone test a PIN guess offline. Every field is the empty string when unset.
 *
 * @param deviceId 16 hex chars chosen by the client once per activation
 * @param iwalea   32 random hex chars chosen with it
 * @param kfact    modulus (hex) of the server's factory key
 * @param kiw      modulus (hex) of the activation key, as decoded with Kfact
 * @param pinmode  1: the account already had a PIN, 2: a new PIN was set
 * @param id       device id the server gave
 * @param lastsync last {@code Tsync}, sent back as {@code lastsync} ("0" before any)
 * @param k0       current K0 (hex)
 * @param k1       current K1 (hex)
 * @param secid    service/secret id ({@code s_id}), sent as {@code sid}
 * @param secval   hex(AES(KMA, S))
 * @param j        last {@code J} value received
 */
public record DeviceState(String deviceId, String iwalea, String kfact, String kiw, String pinmode, String id,
                          String lastsync, String k0, String k1, String secid, String secval, String j) {

    public DeviceState {
        deviceId = orEmpty(deviceId);
        iwalea = orEmpty(iwalea);
        kfact = orEmpty(kfact);
        kiw = orEmpty(kiw);
        pinmode = orEmpty(pinmode);
        id = orEmpty(id);
        lastsync = lastsync == null || lastsync.isEmpty() ? "0" : lastsync;
        k0 = orEmpty(k0);
        k1 = orEmpty(k1);
        secid = orEmpty(secid);
        secval = orEmpty(secval);
        j = orEmpty(j);
    }

    /** A new device: random device id and iwalea, nothing else. */
    public static DeviceState fresh(SecureRandom rnd) {
        return new DeviceState(randomHex(rnd, 8), randomHex(rnd, 16), "", "", "", "", "0", "", "", "", "", "");
    }

    public String serial() {
        return Serial.of(deviceId, iwalea);
    }

    /** Whether activation went through all its steps: the device has an id, keys and a secret. */
    public boolean isActivated() {
        return !id.isEmpty() && !k1.isEmpty() && !secid.isEmpty() && !secval.isEmpty();
    }

    public DeviceState withActivationKeys(String kfact, String kiw, String pinmode) {
        return new DeviceState(deviceId, iwalea, kfact, kiw, pinmode, id, lastsync, k0, k1, secid, secval, j);
    }

    public DeviceState withSync(String id, String lastsync, String k0, String k1, String j) {
        return new DeviceState(deviceId, iwalea, kfact, kiw, pinmode, id, lastsync, k0, k1, secid, secval, j);
    }

    public DeviceState withSecret(String secid, String secval) {
        return new DeviceState(deviceId, iwalea, kfact, kiw, pinmode, id, lastsync, k0, k1, secid, secval, j);
    }

    /** Keys are secrets: the text form names the device only. */
    @Override
    public String toString() {
        return "DeviceState[id=" + id + ", activated=" + isActivated() + "]";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String randomHex(SecureRandom rnd, int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return Hex.encode(b);
    }
}
