package dev.pims.protocol.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.Kma;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client-side steps against answers built here the way a server builds them. */
class DeviceProtocolTest {
    private static final SecureRandom RND = new SecureRandom();
    private static final RsaKeyPair KFACT = RsaKeyPair.generate(1024, RND);
    private static final RsaKeyPair KIW = RsaKeyPair.generate(1024, RND);
    private static final RsaKeyPair MS = RsaKeyPair.generate(1024, RND);
    private final DeviceProtocol protocol = new DeviceProtocol();

    @Test
    void fullActivationThenOtp() {
        DeviceState s = DeviceState.fresh(RND);
        Map<String, String> setup = protocol.activateSetup(s, "mac", "12345678");
        assertThat(setup).containsEntry("action", "ActionSetup").containsEntry("mode", "activate")
                .containsEntry("id", "").containsEntry("lastsync", "0").containsEntry("code", "12345678");

        WireMessage setupAnswer = WireMessage.okBuilder("ActionSetup")
                .add("Kfact", KFACT.publicKey().modulusHex())
                .add("Kiw", Rsa.privateEncode(KFACT.privateKey(), Hex.decode(KIW.publicKey().modulusHex()), RND))
                .add("pinmode", "2").build();
        DeviceState afterSetup = ok(protocol.applyActivateSetup(s, setupAnswer));
        assertThat(afterSetup.kiw()).isEqualTo(KIW.publicKey().modulusHex());

        Map<String, String> fin = protocol.activateFinalize(afterSetup, "mac", "12345678", "1234", "phone", RND);
        byte[] kma = Rsa.decrypt(KIW.privateKey(), fin.get("Kma")).orElseThrow();
        assertThat(kma).isEqualTo(Kma.derive("1234", s.serial()));
        assertThat(Rsa.decrypt(KIW.privateKey(), fin.get("pin")).orElseThrow()).isEqualTo("1234".getBytes());
        assertThat(fin.get("R0")).isEqualTo(Proofs.r0("", "", s.serial()));

        String k0 = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
        String k1 = "1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e";
        WireMessage finAnswer = WireMessage.okBuilder("ActionFinalize").add("id", "dev-1")
                .add("K0", Hex.encode(Aes128.encrypt(kma, Hex.decode(k0))))
                .add("K1", Hex.encode(Aes128.encrypt(kma, Hex.decode(k1))))
                .add("ms_n", "1").add("ms_id", "ms-1")
                .add("ms_key", Rsa.privateEncode(KFACT.privateKey(), Hex.decode(MS.publicKey().modulusHex()), RND))
                .add("challenge", "ch-ms").add("s_id", "svc").add("newversion", null).build();
        ActivationStep step = ok(protocol.applyActivateFinalize(afterSetup, finAnswer, "1234"));
        assertThat(step.state().k0()).isEqualTo(k0);
        assertThat(step.state().k1()).isEqualTo(k1);

        MsRequest ms = protocol.msFinalize(step, "mac", "1234", RND);
        assertThat(ms.params()).containsEntry("mode", "ms").containsEntry("ms_id0", "ms-1").containsEntry("ms_n", "1")
                .containsEntry("R2", Proofs.r2WithPin("ch-ms", k0, "1234")).doesNotContainKey("version");
        byte[] secret = Rsa.decrypt(MS.privateKey(), ms.params().get("ms_val0")).orElseThrow();
        assertThat(ms.stateIfAccepted().secval()).isEqualTo(Hex.encode(Aes128.encrypt(kma, secret)));
        DeviceState active = ok(protocol.applyMs(ms.stateIfAccepted(), WireMessage.okBuilder("ActionFinalize").build(), "1234"));
        assertThat(active.isActivated()).isTrue();

        Map<String, String> otpFin = protocol.otpFinalize(active, "mac", "ch-otp", null);
        assertThat(otpFin).containsEntry("keytype", "0").containsEntry("sid", "svc")
                .containsEntry("R2", Proofs.r2WithoutPin("ch-otp", k0));
        OtpStep otp = ok(protocol.applyOtpFinalize(active,
                WireMessage.okBuilder("ActionFinalize").add("defi", "987").add("dK1", "x").build(), null));
        assertThat(otp.state().k1()).isEqualTo(K1Ratchet.apply(k1, "x"));
        assertThat(protocol.otp(otp.state(), otp.defi())).hasSizeBetween(1, 8);
    }

    @Test
    void refusalsAndMalformedAnswers() {
        DeviceState s = DeviceState.fresh(RND);
        ProtocolResult<DeviceState> refused = protocol.applyActivateSetup(s, WireMessage.error("ActionSetup", WireError.CODE));
        assertThat(refused).isEqualTo(new ProtocolResult.Refused<>(WireError.CODE, "NOK:CODE"));
        assertThat(protocol.applyActivateSetup(s, WireMessage.okBuilder("ActionSetup").add("Kfact", "zz").build()))
                .isInstanceOf(ProtocolResult.Malformed.class);
        assertThat(protocol.applyOtpSetup(WireMessage.okBuilder("ActionFinalize").build()))
                .isEqualTo(new ProtocolResult.Malformed<>("root"));
        assertThat(protocol.applyOtpSetup(WireMessage.builder("ActionSetup").add("err", "NOK:NEW").build()))
                .isEqualTo(new ProtocolResult.Refused<>(null, "NOK:NEW"));
    }

    @Test
    void pinLessAnswerWithNewKeysCannotBeApplied() {
        DeviceState s = DeviceState.fresh(RND);
        WireMessage m = WireMessage.okBuilder("ActionFinalize").add("defi", "1").add("K1", "00".repeat(16)).build();
        assertThat(protocol.applyOtpFinalize(s, m, null)).isEqualTo(new ProtocolResult.Malformed<>("K1"));
    }

    @Test
    void jMeansRunAgainAndTsyncBecomesLastsync() {
        DeviceState s = DeviceState.fresh(RND);
        WireMessage m = WireMessage.okBuilder("ActionFinalize").add("defi", "1").add("J", "1").add("Tsync", "77").build();
        OtpStep step = ok(protocol.applyOtpFinalize(s, m, null));
        assertThat(step.runAgain()).isTrue();
        assertThat(step.state().lastsync()).isEqualTo("77");
        assertThat(protocol.otpSetup(step.state(), "m")).containsEntry("lastsync", "77");
    }

    private static <T> T ok(ProtocolResult<T> r) {
        assertThat(r).isInstanceOf(ProtocolResult.Ok.class);
        return ((ProtocolResult.Ok<T>) r).value();
    }
}
