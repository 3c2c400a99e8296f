package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.protocol.wire.FormEncoding;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fuzzed device requests never give a 5xx; a restarted server keeps every activation. */
class RobustnessTest {

    @Test
    void everyParameterFuzzedGivesAnXmlAnswer() throws Exception {
        // a flood by design: lift the per-address limit (a server setting) and the per-device limits
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-fuzz"), b -> b.ops(
                dev.pims.server.ops.OpsConfig.defaults().withLimits(
                        dev.pims.server.limits.AddressLimits.defaults().withDevicePerMinute(0))))) {
            server.createUser("fuzz");
            server.admin("PUT", "/admin/v1/integrations/default/policy",
                    "{\"otpPerDevicePerMinute\":0,\"otpPerDevicePerHour\":0}");
            TestDevice d = new TestDevice(server, "default");
            assertThat(d.activate(server.activationCode("fuzz", "default"), "1234")).isEqualTo("OK");
            String challenge = d.challenge();
            List<Map<String, String>> requests = List.of(
                    d.protocol.activateSetup(d.state, "default", server.activationCode("fuzz", "default")),
                    d.protocol.activateFinalize(d.state, "default", "12345678", "1234", "x", new java.security.SecureRandom()),
                    msLike(d),
                    d.protocol.otpSetup(d.state, "default"),
                    d.protocol.otpFinalize(d.state, "default", challenge, "1234"));
            int checked = 0;
            for (Map<String, String> base : requests) {
                for (String name : base.keySet()) {
                    for (String query : variants(base, name)) {
                        TestServer.Response r = server.macRaw(query);
                        assertThat(r.status()).as(name + " / " + query.length()).isEqualTo(200);
                        WireMessage m = WireXml.read(r.body()).orElseThrow();
                        assertThat(m.err()).isNotEmpty();
                        assertThat(r.body()).startsWith(WireXml.DECLARATION);
                        checked++;
                    }
                    String dup = FormEncoding.encode(base) + "&" + name + "=x";
                    assertThat(WireXml.read(server.macRaw(dup).body()).orElseThrow().err()).isEqualTo("NOK:SN");
                    Map<String, String> bad = new LinkedHashMap<>(base);
                    bad.put(name, "");
                    String utf = FormEncoding.encode(bad).replace(name + "=", name + "=%FF");
                    assertThat(WireXml.read(server.macRaw(utf).body()).orElseThrow().err()).isEqualTo("NOK:SN");
                    Map<String, String> huge = new LinkedHashMap<>(base);
                    huge.put(name, "a".repeat(20_000));
                    assertThat(WireXml.read(server.macRaw(FormEncoding.encode(huge)).body()).orElseThrow().err())
                            .isEqualTo("NOK:SN");
                }
            }
            assertThat(checked).isGreaterThan(100);
            for (String q : List.of("", "action=Nope&mode=otp", "action=ActionSetup&mode=nope",
                    "action=ActionSetup&mode=ms", "&&&", "=")) {
                TestServer.Response r = server.macRaw(q);
                assertThat(r.status()).isEqualTo(200);
                assertThat(WireXml.read(r.body()).orElseThrow().err()).startsWith("NOK:");
            }
            // the same parameters as a POST form are accepted too
            java.net.http.HttpResponse<String> post = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/iwws/MAC"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    FormEncoding.encode(d.protocol.otpSetup(d.state, "default")))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(WireXml.read(post.body()).orElseThrow().err()).isEqualTo("OK");
        }
    }

    private static Map<String, String> msLike(TestDevice d) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("action", "ActionFinalize");
        p.put("mode", "ms");
        p.put("id", d.state.id());
        p.put("lastsync", "");
        p.put("macid", "default");
        p.put("ms_n", "1");
        p.put("ms_id0", "0011223344556677");
        p.put("ms_val0", "ab".repeat(128));
        p.put("R0", "0".repeat(64));
        p.put("R1", "0".repeat(64));
        p.put("R2", "0".repeat(64));
        return p;
    }

    private static List<String> variants(Map<String, String> base, String name) {
        List<String> out = new java.util.ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>(base);
        missing.remove(name);
        out.add(FormEncoding.encode(missing));
        for (String v : List.of("", "zz", "g".repeat(64), "0", "0".repeat(63), "0".repeat(65), "<x>&amp;", "ü", "-1")) {
            Map<String, String> m = new LinkedHashMap<>(base);
            m.put(name, v);
            out.add(FormEncoding.encode(m));
        }
        return out;
    }

    @Test
    void restartedServerKeepsActivations() throws Exception {
        Path dir = Files.createTempDirectory("pims-restart");
        TestServer server = new TestServer(dir);
        server.createUser("keeper");
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(server.activationCode("keeper", "default"), "2580")).isEqualTo("OK");
        String before = d.otp("2580");
        server.stop();
        server.start();
        try {
            assertThat(server.verify("keeper", before, null).get("result").asText()).isEqualTo("OK");
            String after = d.otp("2580");
            assertThat(server.verify("keeper", after, null).get("result").asText()).isEqualTo("OK");
            assertThat(server.user("keeper").get("devices")).hasSize(1);
        } finally {
            server.close();
        }
    }
}
