package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaPublicKey;
import dev.pims.protocol.crypto.Sha256;
import dev.pims.protocol.otp.Otp;
import dev.pims.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The server against a client that behaves like the widely used third-party mAccess client (facts established in
 * mac-protocol.md, not its code): GET with every parameter in the query, an answer read by cutting the text at the
 * first {@code ?>} and parsing the rest with a stock XML parser, RSA blocks of a hard-coded 128 bytes, no
 * {@code version} on the ms step, {@code id} empty and {@code lastsync=0} on activation, and OTPs computed with the
 * PIN-proving R2 (the client keeps its last action, "synchro", after activation). It shares no client code with
 * {@code DeviceProtocol}, so a mistake there cannot hide one here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyClientTest {
    private static final String VERSION = "Generator-1.0/0.2.11";
    private static final int BLOCK = 128;
    private final HttpClient http = HttpClient.newHttpClient();
    private final SecureRandom rnd = new SecureRandom();
    private TestServer server;

    @BeforeAll
    void start() throws IOException {
        server = new TestServer(Files.createTempDirectory("pims-third-party"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void activatesAndProducesOtpsThatVerify() throws Exception {
        server.createUser("tp");
        String code = server.activationCode("tp", "default");
        String pin = "4711";
        String deviceId = hex(8);
        String iwalea = hex(16);
        String serial = deviceId + "/_/" + iwalea;
        String kma = Sha256.hex(pin + ";" + serial).substring(0, 32);

        Map<String, String> setup = ordered("action", "ActionSetup", "mode", "activate", "id", "", "lastsync", "0",
                "version", VERSION, "macid", "default", "code", code);
        Map<String, String> a = get(setup, "ActionSetup");
        assertThat(a.get("err")).isEqualTo("OK");
        String kiw = decodeBlocks(a.get("Kiw"), a.get("Kfact"));

        RsaPublicKey kiwKey = new RsaPublicKey(new BigInteger(kiw, 16));
        Map<String, String> finalize = ordered("action", "ActionFinalize", "mode", "activate", "id", "", "lastsync", "0",
                "version", VERSION, "lang", "fr", "ack", "", "macid", "default",
                "serial", serial, "code", code,
                "Kma", Rsa.encrypt(kiwKey, Hex.decode(kma), rnd),
                "pin", Rsa.encrypt(kiwKey, pin.getBytes(StandardCharsets.UTF_8), rnd),
                "name", "Android SDK built for x86_64 / UNKNOWN");
        finalize.putAll(proofs("", "", serial, "", null));
        Map<String, String> f = get(finalize, "ActionFinalize");
        assertThat(f.get("err")).isEqualTo("OK");
        assertThat(f.get("ms_n")).isEqualTo("1");
        String id = f.get("id");
        String k0 = decryptKey(f.get("K0"), kma);
        String k1 = decryptKey(f.get("K1"), kma);
        if (f.get("dK1") != null) {
            k1 = Sha256.hex(k1 + ";" + f.get("dK1")).substring(0, 32);
        }

        byte[] secret = new byte[16];
        rnd.nextBytes(secret);
        RsaPublicKey msKey = new RsaPublicKey(new BigInteger(decodeBlocks(f.get("ms_key"), a.get("Kfact")), 16));
        String secval = Hex.encode(Aes128.encrypt(Hex.decode(kma), secret));
        Map<String, String> ms = ordered("action", "ActionFinalize", "mode", "ms", "ms_id0", f.get("ms_id"),
                "ms_val0", Rsa.encrypt(msKey, secret, rnd), "macid", "default", "id", id, "lastsync", "0", "ms_n", "1");
        ms.putAll(proofs(f.get("challenge"), k0, serial, k1, pin));
        assertThat(get(ms, "ActionFinalize").get("err")).isEqualTo("OK");

        for (int round = 0; round < 3; round++) {
            Map<String, String> otpSetup = ordered("action", "ActionSetup", "mode", "otp", "id", id, "lastsync", "0",
                    "version", VERSION, "macid", "default", "sid", f.get("s_id"));
            Map<String, String> s = get(otpSetup, "ActionSetup");
            assertThat(s.get("err")).isEqualTo("OK");
            Map<String, String> otpFinalize = ordered("action", "ActionFinalize", "mode", "otp", "id", id,
                    "lastsync", "0", "version", VERSION, "lang", "fr", "ack", "", "macid", "default",
                    "keytype", "0", "sid", f.get("s_id"));
            otpFinalize.putAll(proofs(s.get("challenge"), k0, serial, k1, pin));
            Map<String, String> o = get(otpFinalize, "ActionFinalize");
            assertThat(o.get("err")).isEqualTo("OK");
            if (o.get("dK1") != null) {
                k1 = Sha256.hex(k1 + ";" + o.get("dK1")).substring(0, 32);
            }
            String otp = Otp.derive(k1, o.get("defi"), secval);
            JsonNode verified = server.admin("POST", "/api/v1/otp/verify",
                    "{\"login\":\"tp\",\"otp\":\"" + otp + "\",\"requirePin\":true}").json();
            assertThat(verified.get("result").asText()).isEqualTo("OK");
            assertThat(verified.get("pinVerified").asBoolean()).isTrue();
        }
    }

    /** GET with the query built in map order, read as the third-party client reads it. */
    private Map<String, String> get(Map<String, String> params, String root) throws Exception {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/iwws/MAC?" + q))
                .header("User-Agent", "Dalvik/2.1.0 (Linux; U; Android 8.0.0)").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String text = r.body();
        int cut = text.indexOf("?>");
        assertThat(cut).as("the answer starts with an XML declaration").isGreaterThan(0);
        Element e = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.substring(cut + 2).getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
        assertThat(e.getNodeName()).isEqualTo(root);
        assertThat(e.getAttributes().getLength()).isZero();
        Map<String, String> out = new HashMap<>();
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                String text2 = n.getTextContent().strip();
                out.put(n.getNodeName(), text2.isEmpty() ? null : text2);
            }
        }
        return out;
    }

    /** Splits into 128-byte blocks, raises each to 17 and strips the OAEP padding, as the reference client does. */
    private static String decodeBlocks(String hex, String kfactModulus) {
        RsaPublicKey kfact = new RsaPublicKey(new BigInteger(kfactModulus, 16));
        assertThat(kfact.size()).isEqualTo(BLOCK);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2 * BLOCK) {
            out.append(Hex.encode(Rsa.publicDecode(kfact, hex.substring(i, Math.min(hex.length(), i + 2 * BLOCK)))
                    .orElseThrow()));
        }
        return out.toString();
    }

    private static String decryptKey(String hex, String kmaHex) {
        return Hex.encode(Aes128.decrypt(Hex.decode(kmaHex), Hex.decode(hex)));
    }

    private static Map<String, String> proofs(String challenge, String k0, String serial, String k1, String pin) {
        return ordered("R0", Sha256.hex(challenge + ";" + k0 + ";" + serial),
                "R1", Sha256.hex(challenge + ";" + k0 + ";" + k1),
                "R2", Sha256.hex(challenge + ";" + k0 + ";" + (pin == null ? "" : pin)));
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        rnd.nextBytes(b);
        return Hex.encode(b);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
