package dev.pims.protocol.device;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.Kma;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaPublicKey;
import dev.pims.protocol.otp.Otp;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.Action;
import dev.pims.protocol.wire.Mode;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of the device protocol, without I/O: it builds each request's parameters and reads each answer
 * into a new {@link DeviceState}. A transport sends the parameters to {@code GET {base}/iwws/MAC} (or as a POST form)
 * and hands back the parsed {@link WireMessage}.
 */
public final class DeviceProtocol {
    /** The version string third-party clients send; servers may refuse versions below their minimum. */
    public static final String DEFAULT_VERSION = "Generator-1.0/0.2.11";

    private final String version;
    private final String lang;

    public DeviceProtocol() {
        this(DEFAULT_VERSION, "fr");
    }

    public DeviceProtocol(String version, String lang) {
        this.version = version;
        this.lang = lang;
    }

    // ---- activation ------------------------------------------------------------------------------------------

    public Map<String, String> activateSetup(DeviceState s, String macid, String code) {
        Map<String, String> p = head(Action.SETUP, Mode.ACTIVATE, s);
        p.put("version", version);
        p.put("macid", macid);
        p.put("code", code);
        return p;
    }

    /** Reads {@code Kfact}, decodes {@code Kiw} with it and keeps {@code pinmode}. */
    public ProtocolResult<DeviceState> applyActivateSetup(DeviceState s, WireMessage m) {
        Optional<ProtocolResult<DeviceState>> refused = refusal(m, Action.SETUP);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<String> kfact = m.get("Kfact");
        if (!kfact.isPresent() || !Hex.isHex(kfact.get(), -1)) {
            return ProtocolResult.malformed("Kfact");
        }
        Optional<String> kiw = decodeModulus(kfact.get(), m.get("Kiw"));
        if (!kiw.isPresent()) {
            return ProtocolResult.malformed("Kiw");
        }
        return ProtocolResult.ok(s.withActivationKeys(kfact.get().toLowerCase(java.util.Locale.ROOT), kiw.get(),
                m.get("pinmode").orElse("")));
    }

    /**
     * The activation Finalize: KMA and the PIN travel RSA-OAEP-encrypted under Kiw; proofs use an empty challenge
     * and empty keys.
     */
    public Map<String, String> activateFinalize(DeviceState s, String macid, String code, String pin, String name,
                                                SecureRandom rnd) {
        RsaPublicKey kiw = RsaPublicKey.ofModulusHex(s.kiw());
        Map<String, String> p = head(Action.FINALIZE, Mode.ACTIVATE, s);
        p.put("version", version);
        p.put("lang", lang);
        p.put("ack", "");
        p.put("macid", macid);
        p.put("serial", s.serial());
        p.put("code", code);
        p.put("Kma", Rsa.encrypt(kiw, Kma.derive(pin, s.serial()), rnd));
        p.put("pin", Rsa.encrypt(kiw, pin.getBytes(StandardCharsets.UTF_8), rnd));
        p.put("name", name);
        putProofs(p, Proofs.withoutPin("", "", s.serial(), ""));
        return p;
    }

    public ProtocolResult<ActivationStep> applyActivateFinalize(DeviceState s, WireMessage m, String pin) {
        Optional<ProtocolResult<ActivationStep>> refused = refusal(m, Action.FINALIZE);
        if (refused.isPresent()) {
            return refused.get();
        }
        byte[] kma = Kma.derive(pin, s.serial());
        ProtocolResult<DeviceState> synced = synchronize(s, m, kma);
        if (!(synced instanceof ProtocolResult.Ok<DeviceState> ok)) {
            return retype(synced);
        }
        List<String> msIds = m.all("ms_id");
        List<String> msKeys = new ArrayList<>();
        for (String encoded : m.all("ms_key")) {
            Optional<String> key = decodeModulus(s.kfact(), Optional.of(encoded));
            if (!key.isPresent()) {
                return ProtocolResult.malformed("ms_key");
            }
            msKeys.add(key.get());
        }
        int n = parseCount(m.get("ms_n").orElse(String.valueOf(msIds.size())));
        if (n < 0 || n != msIds.size() || n != msKeys.size()) {
            return ProtocolResult.malformed("ms_n");
        }
        Optional<String> serviceId = m.get("s_id");
        if (n > 0 && (!serviceId.isPresent() || !m.get("challenge").isPresent())) {
            return ProtocolResult.malformed(!serviceId.isPresent() ? "s_id" : "challenge");
        }
        return ProtocolResult.ok(new ActivationStep(ok.value(), m.get("challenge").orElse(""),
                serviceId.orElse(""), msIds, msKeys));
    }

    /**
     * The ms Finalize: one fresh 16-byte secret S per ms key, sent RSA-OAEP-encrypted; the device keeps
     * {@code secval = hex(AES(KMA, S))} of the first secret under {@code secid = s_id}. Proofs are PIN-proving,
     * with the challenge and keys of the activation answer.
     */
    public MsRequest msFinalize(ActivationStep step, String macid, String pin, SecureRandom rnd) {
        DeviceState s = step.state();
        byte[] kma = Kma.derive(pin, s.serial());
        Map<String, String> p = head(Action.FINALIZE, Mode.MS, s);
        p.put("macid", macid);
        p.put("ms_n", String.valueOf(step.msIds().size()));
        String secval = "";
        for (int i = 0; i < step.msIds().size(); i++) {
            byte[] secret = new byte[Aes128.BLOCK];
            rnd.nextBytes(secret);
            p.put("ms_id" + i, step.msIds().get(i));
            p.put("ms_val" + i, Rsa.encrypt(RsaPublicKey.ofModulusHex(step.msKeys().get(i)), secret, rnd));
            if (i == 0) {
                secval = Hex.encode(Aes128.encrypt(kma, secret));
            }
        }
        putProofs(p, Proofs.withPin(step.challenge(), s.k0(), s.serial(), s.k1(), pin));
        return new MsRequest(p, s.withSecret(step.serviceId(), secval));
    }

    /** Applies the ms answer to the state that {@link #msFinalize} prepared. */
    public ProtocolResult<DeviceState> applyMs(DeviceState prepared, WireMessage m, String pin) {
        Optional<ProtocolResult<DeviceState>> refused = refusal(m, Action.FINALIZE);
        if (refused.isPresent()) {
            return refused.get();
        }
        return synchronize(prepared, m, Kma.derive(pin, prepared.serial()));
    }

    // ---- one-time passwords -----------------------------------------------------------------------------------

    public Map<String, String> otpSetup(DeviceState s, String macid) {
        Map<String, String> p = head(Action.SETUP, Mode.OTP, s);
        p.put("version", version);
        p.put("macid", macid);
        p.put("sid", s.secid());
        return p;
    }

    /** The challenge of an OTP setup answer. */
    public ProtocolResult<String> applyOtpSetup(WireMessage m) {
        Optional<ProtocolResult<String>> refused = refusal(m, Action.SETUP);
        if (refused.isPresent()) {
            return refused.get();
        }
        return m.get("challenge").<ProtocolResult<String>>map(ProtocolResult::ok)
                .orElseGet(() -> ProtocolResult.malformed("challenge"));
    }

    /** The OTP Finalize; {@code pin} null gives the PIN-less form of R2. */
    public Map<String, String> otpFinalize(DeviceState s, String macid, String challenge, String pin) {
        Map<String, String> p = head(Action.FINALIZE, Mode.OTP, s);
        p.put("version", version);
        p.put("lang", lang);
        p.put("ack", "");
        p.put("macid", macid);
        p.put("keytype", "0");
        p.put("sid", s.secid());
        putProofs(p, pin == null
                ? Proofs.withoutPin(challenge, s.k0(), s.serial(), s.k1())
                : Proofs.withPin(challenge, s.k0(), s.serial(), s.k1(), pin));
        return p;
    }

    /**
     * Applies an OTP answer (section 4, so a ratchet comes before the OTP is computed). {@code pin} may be null
     * (PIN-less): then an answer that carries a new K0 or K1, which only KMA can decrypt, is malformed for us.
     */
    public ProtocolResult<OtpStep> applyOtpFinalize(DeviceState s, WireMessage m, String pin) {
        Optional<ProtocolResult<OtpStep>> refused = refusal(m, Action.FINALIZE);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<String> defi = m.get("defi");
        if (!defi.isPresent()) {
            return ProtocolResult.malformed("defi");
        }
        ProtocolResult<DeviceState> synced = synchronize(s, m, pin == null ? null : Kma.derive(pin, s.serial()));
        if (!(synced instanceof ProtocolResult.Ok<DeviceState> ok)) {
            return retype(synced);
        }
        return ProtocolResult.ok(new OtpStep(ok.value(), defi.get(), m.get("J").isPresent()));
    }

    public String otp(DeviceState s, String defi) {
        return Otp.derive(s.k1(), defi, s.secval());
    }

    // ---- shared steps -----------------------------------------------------------------------------------------

    /**
     * Section 4: the elements a client applies after every successful Finalize. {@code kma} null means the keys
     * cannot be decrypted here.
     */
    public ProtocolResult<DeviceState> synchronize(DeviceState s, WireMessage m, byte[] kma) {
        String id = m.get("id").orElse(s.id());
        String k0 = s.k0();
        String k1 = s.k1();
        for (String name : new String[] {"K0", "K1"}) {
            Optional<String> encrypted = m.get(name);
            if (!encrypted.isPresent()) {
                continue;
            }
            if (kma == null || !Hex.isHex(encrypted.get(), 2 * Aes128.BLOCK)) {
                return ProtocolResult.malformed(name);
            }
            String clear = Hex.encode(Aes128.decrypt(kma, Hex.decode(encrypted.get())));
            if (name.equals("K0")) {
                k0 = clear;
            } else {
                k1 = clear;
            }
        }
        Optional<String> dK1 = m.get("dK1");
        if (dK1.isPresent()) {
            k1 = K1Ratchet.apply(k1, dK1.get());
        }
        String lastsync = m.get("Tsync").orElse(s.lastsync());
        String j = m.get("J").orElse(s.j());
        return ProtocolResult.ok(s.withSync(id, lastsync, k0, k1, j));
    }

    private static Map<String, String> head(Action action, Mode mode, DeviceState s) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("action", action.wireName());
        p.put("mode", mode.wireName());
        p.put("id", s.id());
        p.put("lastsync", s.lastsync());
        return p;
    }

    private static void putProofs(Map<String, String> p, Proofs proofs) {
        p.put("R0", proofs.r0());
        p.put("R1", proofs.r1());
        p.put("R2", proofs.r2());
    }

    private static <T> Optional<ProtocolResult<T>> refusal(WireMessage m, Action expected) {
        if (!m.root().equals(expected.wireName())) {
            return Optional.of(ProtocolResult.malformed("root"));
        }
        if (m.isOk()) {
            return Optional.empty();
        }
        if (m.err().isEmpty()) {
            return Optional.of(ProtocolResult.malformed("err"));
        }
        return Optional.of(new ProtocolResult.Refused<>(WireError.fromWire(m.err()).orElse(null), m.err()));
    }

    private static Optional<String> decodeModulus(String kfactHex, Optional<String> encoded) {
        if (!encoded.isPresent() || kfactHex.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Rsa.publicDecode(RsaPublicKey.ofModulusHex(kfactHex), encoded.get())
                    .filter(b -> b.length >= 64)
                    .map(Hex::encode);
        } catch (IllegalArgumentException badKey) {
            return Optional.empty();
        }
    }

    private static int parseCount(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            return n >= 0 && n <= 16 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> ProtocolResult<T> retype(ProtocolResult<?> failure) {
        return (ProtocolResult<T>) failure;
    }
}
