package dev.pims.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.Kma;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.crypto.RsaPublicKey;
import dev.pims.protocol.otp.Base36;
import dev.pims.protocol.otp.Otp;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.proof.Serial;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value of mac-vectors.json, computed by an independent third-party client, reproduced bit for bit. */
class MacVectorsTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MacVectorsTest.class.getResourceAsStream("/mac-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        load();
        List<JsonNode> out = new ArrayList<>();
        vectors.get("cases").forEach(out::add);
        assertThat(out).hasSize(3);
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void serialAndKma(JsonNode c) {
        String serial = Serial.of(c.get("device_id").asText(), c.get("iwalea").asText());
        assertThat(serial).isEqualTo(c.get("serial").asText());
        assertThat(Hex.encode(Kma.derive(c.get("pin").asText(), serial))).isEqualTo(c.get("kma").asText());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void proofsInBothForms(JsonNode c) {
        String challenge = c.get("challenge").asText();
        String k0 = c.get("K0").asText();
        String k1 = c.get("K1").asText();
        String serial = c.get("serial").asText();
        Proofs without = Proofs.withoutPin(challenge, k0, serial, k1);
        Proofs with = Proofs.withPin(challenge, k0, serial, k1, c.get("pin").asText());
        assertThat(without).isEqualTo(proofs(c.get("R_without_pin")));
        assertThat(with).isEqualTo(proofs(c.get("R_with_pin")));
        assertThat(with.matches(proofs(c.get("R_with_pin")))).isTrue();
        assertThat(with.matches(without)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void secvalRatchetAndOtp(JsonNode c) {
        byte[] kma = Hex.decode(c.get("kma").asText());
        String secval = Hex.encode(Aes128.encrypt(kma, Hex.decode(c.get("secret_S").asText())));
        assertThat(secval).isEqualTo(c.get("secval").asText());
        String k1 = c.get("K1").asText();
        assertThat(K1Ratchet.apply(k1, c.get("dK1").asText())).isEqualTo(c.get("K1_after_dK1").asText());
        if (!c.get("otp").isNull()) {
            assertThat(Otp.derive(k1, c.get("defi").asText(), secval)).isEqualTo(c.get("otp").asText());
        }
        if (!c.get("K1_as_sent_aes_ecb_kma").isNull()) {
            String sent = c.get("K1_as_sent_aes_ecb_kma").asText();
            assertThat(Hex.encode(Aes128.encrypt(kma, Hex.decode(k1)))).isEqualTo(sent);
            assertThat(Hex.encode(Aes128.decrypt(kma, Hex.decode(sent)))).isEqualTo(k1);
        }
    }

    @Test
    void base36LeastSignificantDigitFirst() {
        for (Map.Entry<String, JsonNode> e : vectors.get("base36_lsb_first").properties()) {
            assertThat(Base36.lsbFirst(Long.parseLong(e.getKey()))).as(e.getKey()).isEqualTo(e.getValue().asText());
        }
    }

    @Test
    void publicDecodeOfTheReferenceCiphertext() {
        JsonNode v = vectors.get("rsa_public_decode");
        RsaPublicKey kfact = RsaPublicKey.ofModulusHex(v.get("Kfact_modulus_hex").asText());
        assertThat(kfact.size()).isEqualTo(128);
        assertThat(Rsa.publicDecode(kfact, v.get("ciphertext_hex").asText()))
                .hasValueSatisfying(p -> assertThat(Hex.encode(p)).isEqualTo(v.get("plaintext_hex").asText()));
    }

    @Test
    void privateEncodeWithTheReferenceKeyDecodesToTheSamePlaintext() {
        JsonNode v = vectors.get("rsa_public_decode");
        BigInteger n = new BigInteger(v.get("Kfact_modulus_hex").asText(), 16);
        BigInteger d = new BigInteger(v.get("private_exponent_hex").asText(), 16);
        assertThat(v.get("public_exponent").asInt()).isEqualTo(RsaPublicKey.EXPONENT.intValue());
        byte[] plaintext = Hex.decode(v.get("plaintext_hex").asText());
        String encoded = Rsa.privateEncode(RsaPrivateKey.of(n, d), plaintext, new SecureRandom());
        assertThat(encoded).hasSameSizeAs(v.get("ciphertext_hex").asText());
        assertThat(Rsa.publicDecode(new RsaPublicKey(n), encoded)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
    }

    private static Proofs proofs(JsonNode r) {
        return new Proofs(r.get("R0").asText(), r.get("R1").asText(), r.get("R2").asText());
    }
}
