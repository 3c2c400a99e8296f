package dev.pims.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.limits.AddressLimits;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits: the exact ones in the database (PIN lock, OTP issuance per device, driven by the movable clock) and the
 * per-address ones in memory on each node (from the server settings; refused requests write nothing).
 */
class AbuseLimitsTest {
    private static final String DEVICE_QUERY = "action=ActionSetup&mode=otp&id=0123&sid=4567&macid=";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    private static void policy(TestServer s, String macid, String json) {
        TestServer.Response r = s.admin("PUT", "/admin/v1/integrations/" + macid + "/policy", json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String err(TestServer.Response r) {
        assertThat(r.status()).isEqualTo(200);
        return WireXml.read(r.body()).orElseThrow().err();
    }

    private TestDevice activated(TestServer s, String login, String pin) {
        s.createUser(login);
        TestDevice d = new TestDevice(s, "default");
        assertThat(d.activate(s.activationCode(login, "default"), pin)).isEqualTo("OK");
        return d;
    }

    @Test
    void policyIncludesTheLimitsWithDefaultsAndCanBeUpdated() {
        try (TestServer s = new TestServer(dir)) {
            JsonNode p = s.admin("GET", "/admin/v1/integrations/default/policy", null).json();
            assertThat(p.get("smsPerAccountPerDay").asInt()).isEqualTo(10);
            assertThat(p.get("otpPerDevicePerMinute").asInt()).isEqualTo(10);
            assertThat(p.get("otpPerDevicePerHour").asInt()).isEqualTo(60);
            assertThat(p.has("deviceRequestsPerAddressPerMinute")).as("a server setting now").isFalse();
            assertThat(p.get("pinLockAfter").asInt()).isEqualTo(3);
            assertThat(p.get("pinLockSeconds").asInt()).isEqualTo(60);
            assertThat(p.get("maxPinErrors").asInt()).isEqualTo(5);
            policy(s, "default", "{\"smsPerAccountPerDay\":3,\"maxPinErrors\":7}");
            JsonNode after = s.admin("GET", "/admin/v1/integrations/default/policy", null).json();
            assertThat(after.get("smsPerAccountPerDay").asInt()).isEqualTo(3);
            assertThat(after.get("maxPinErrors").asInt()).isEqualTo(7);
            assertThat(after.get("otpPerDevicePerMinute").asInt()).isEqualTo(10);
            assertThat(s.admin("PUT", "/admin/v1/integrations/default/policy", "{\"pinLockSeconds\":0}").status())
                    .isEqualTo(400);
            assertThat(s.admin("PUT", "/admin/v1/integrations/default/policy", "{\"rsaBits\":2048}").status())
                    .isEqualTo(400);
            assertThat(s.admin("PUT", "/admin/v1/integrations/nope/policy", "{}").status()).isEqualTo(404);
            assertThat(s.send("GET", "/admin/v1/integrations/default/policy", null, "bad").status()).isEqualTo(401);
        }
    }

    @Test
    void temporaryPinLockDoublesThenPinBlocks() {
        try (TestServer s = new TestServer(dir)) {
            TestDevice d = activated(s, "dave", "1357");
            String earlier = d.otp("1357");
            assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
            assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
            assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS"); // 3rd: locked for 60 s
            assertThat(d.otp("1357")).isEqualTo("NOK:BLOCKED"); // even the right PIN, during the lock
            assertThat(s.verify("dave", earlier, true).get("reason").asText()).isEqualTo("account_blocked");
            JsonNode limits = s.admin("GET", "/admin/v1/users/dave/limits", null).json();
            assertThat(limits.get("pinLockedUntil").asText()).isEqualTo("2026-01-01T00:01:00Z");
            assertThat(s.user("dave").get("state").asText()).isEqualTo("NotBlocked");

            s.clock.advance(Duration.ofSeconds(59));
            assertThat(d.otp("0000")).isEqualTo("NOK:BLOCKED"); // not counted
            assertThat(s.user("dave").get("pinErrors").asInt()).isEqualTo(3);
            s.clock.advance(Duration.ofSeconds(1));
            assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS"); // 4th: locked for 120 s
            s.clock.advance(Duration.ofSeconds(119));
            assertThat(d.otp("1357")).isEqualTo("NOK:BLOCKED");
            s.clock.advance(Duration.ofSeconds(1));
            assertThat(d.otp("0000")).isEqualTo("NOK:BLOCKED"); // 5th = maxPinErrors: PinBlocked
            assertThat(s.user("dave").get("state").asText()).isEqualTo("PinBlocked");
            s.clock.advance(Duration.ofHours(1));
            assertThat(d.otp("1357")).isEqualTo("NOK:BLOCKED");
            assertThat(s.admin("POST", "/admin/v1/users/dave/unblock", null).status()).isEqualTo(200);
            String otp = d.otp("1357");
            assertThat(s.verify("dave", otp, true).get("result").asText()).isEqualTo("OK");
        }
    }

    @Test
    void adminPinErrorResetLiftsTheLockAndLockCanBeDisabled() {
        try (TestServer s = new TestServer(dir)) {
            TestDevice d = activated(s, "erin", "2468");
            for (int i = 0; i < 3; i++) {
                assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
            }
            assertThat(d.otp("2468")).isEqualTo("NOK:BLOCKED");
            s.admin("POST", "/admin/v1/users/erin/reset-pin-errors", null);
            assertThat(d.otp("2468")).doesNotStartWith("NOK");
            policy(s, "default", "{\"pinLockAfter\":0}");
            for (int i = 0; i < 4; i++) {
                assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
            }
            assertThat(d.otp("0000")).isEqualTo("NOK:BLOCKED");
            assertThat(s.user("erin").get("state").asText()).isEqualTo("PinBlocked");
        }
    }

    @Test
    void otpIssuancePerDevicePerMinuteAndHour() {
        try (TestServer s = new TestServer(dir)) {
            TestDevice d = activated(s, "frank", "1234");
            policy(s, "default", "{\"otpPerDevicePerMinute\":2,\"otpPerDevicePerHour\":4}");
            assertThat(d.otp("1234")).doesNotStartWith("NOK");
            assertThat(d.otp("1234")).doesNotStartWith("NOK");
            assertThat(d.otp("1234")).isEqualTo("NOK:FORBIDDEN"); // refused: not counted
            s.clock.advance(Duration.ofMinutes(1));
            assertThat(d.otp("1234")).doesNotStartWith("NOK");
            assertThat(d.otp("1234")).doesNotStartWith("NOK"); // 4th set-up of the hour
            assertThat(d.otp("1234")).isEqualTo("NOK:FORBIDDEN");
            JsonNode limits = s.admin("GET", "/admin/v1/users/frank/limits", null).json();
            assertThat(limits.get("counters").findValuesAsText("limit")).contains("otp.device.hour",
                    "otp.device.minute");
            assertThat(s.admin("DELETE", "/admin/v1/users/frank/limits", null).json().get("counters")).isEmpty();
            assertThat(d.otp("1234")).doesNotStartWith("NOK");
        }
    }

    /** Rows in the tables a request could write to. */
    private static long rows(TestServer s) {
        return s.server().database().inTransaction(sql -> sql.count("SELECT (SELECT COUNT(*) FROM audit_log)"
                + " + (SELECT COUNT(*) FROM rate_limits) + (SELECT COUNT(*) FROM challenges)"
                + " + (SELECT COUNT(*) FROM issued_otps) + (SELECT COUNT(*) FROM devices)"));
    }

    private static TestServer withLimits(Path dir, AddressLimits limits) {
        return new TestServer(dir, b -> b.ops(OpsConfig.defaults().withLimits(limits)));
    }

    @Test
    void deviceEndpointPerAddressComesFromTheSettingsAndRefusalsWriteNothing() {
        try (TestServer s = withLimits(dir, AddressLimits.defaults().withDevicePerMinute(3))) {
            s.createIntegration("{\"macid\":\"lenient\"}");
            long before = rows(s);
            for (int i = 0; i < 3; i++) {
                assertThat(err(s.macRaw(DEVICE_QUERY + "default"))).isEqualTo("NOK:NODEVICE");
            }
            // naming another integration does not lift the limit: it is the server's, not the integration's
            assertThat(err(s.macRaw(DEVICE_QUERY + "lenient"))).isEqualTo("NOK:FORBIDDEN");
            for (int i = 0; i < 200; i++) {
                assertThat(err(s.macRaw(DEVICE_QUERY + "default"))).isEqualTo("NOK:FORBIDDEN");
            }
            assertThat(rows(s)).as("unknown devices and refused requests write no row").isEqualTo(before);
            assertThat(s.admin("PUT", "/admin/v1/integrations/lenient/policy",
                    "{\"deviceRequestsPerAddressPerMinute\":100000}").status()).isEqualTo(400);
            assertThat(s.admin("GET", "/metrics", null).body())
                    .contains("pims_limits_exceeded_total{limit=\"device\"} 201.0");
        }
    }

    @Test
    void verificationPerAddressAnswers429() {
        try (TestServer s = withLimits(dir, AddressLimits.defaults().withVerifyPerMinute(2))) {
            s.createUser("gina");
            assertThat(s.verify("gina", "abcdefgh", true).get("result").asText()).isEqualTo("NOK");
            assertThat(s.verify("gina", "abcdefgh", true).get("result").asText()).isEqualTo("NOK");
            long before = rows(s);
            TestServer.Response r = s.send("POST", "/api/v1/otp/verify", "{\"login\":\"gina\",\"otp\":\"abcdefgh\"}",
                    TestServer.ADMIN_TOKEN);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(s.send("GET", "/FS?action=authenticateExtended&serviceId=default&userId=gina&token=abc", null,
                    TestServer.ADMIN_TOKEN).status()).isEqualTo(429);
            assertThat(s.send("POST", "/api/v1/otp/verify", "{}", "wrong-key").status())
                    .as("the limit comes before authentication").isEqualTo(429);
            assertThat(rows(s)).isEqualTo(before);
        }
    }

    @Test
    void wrongTokensAreCountedInTheMetrics() {
        try (TestServer s = new TestServer(dir)) {
            assertThat(s.send("GET", "/admin/v1/integrations", null, "wrong").status()).isEqualTo(401);
            assertThat(s.send("POST", "/api/v1/otp/verify", "{\"login\":\"a\",\"otp\":\"b\"}", "pk_wrong").status())
                    .isEqualTo(401);
            assertThat(s.send("GET", "/metrics", null, "wrong").status()).isEqualTo(401);
            String m = s.admin("GET", "/metrics", null).body();
            assertThat(m).contains("pims_auth_failures_total{kind=\"admin\"} 1.0")
                    .contains("pims_auth_failures_total{kind=\"api_key\"} 1.0")
                    .contains("pims_auth_failures_total{kind=\"metrics\"} 1.0");
        }
    }

    @Test
    void metricsPerAddressAnswers429() {
        try (TestServer s = withLimits(dir, AddressLimits.defaults().withMetricsPerMinute(2))) {
            assertThat(s.admin("GET", "/metrics", null).status()).isEqualTo(200);
            assertThat(s.admin("GET", "/metrics", null).status()).isEqualTo(200);
            assertThat(s.admin("GET", "/metrics", null).status()).isEqualTo(429);
        }
    }

    private PimsServer start(Path data, MutableClock clock, OpsConfig ops) {
        return PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data)
                .adminToken(TestServer.ADMIN_TOKEN).masterKey(TestServer.MASTER_KEY).clock(clock).keyPoolSize(2)
                .ops(ops).build());
    }

    private HttpResponse<String> send(PimsServer s, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminRequestsPerAddressAnswer429() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:10Z"));
        try (PimsServer s = start(dir, clock, OpsConfig.defaults().withAdminRequestsPerMinute(3))) {
            for (int i = 0; i < 3; i++) {
                assertThat(send(s, "GET", "/admin/v1/integrations", null).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> r = send(s, "GET", "/admin/v1/integrations", null);
            assertThat(r.statusCode()).isEqualTo(429);
            // 3 a minute: one token back every 20 s
            assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
        }
    }

    private String device(PimsServer s, String forwardedFor) throws Exception {
        return WireXml.read(send(s, "GET", "/iwws/MAC?" + DEVICE_QUERY + "default", null, "X-Forwarded-For",
                forwardedFor).body()).orElseThrow().err();
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AddressLimits one = AddressLimits.defaults().withDevicePerMinute(1);
        try (PimsServer s = start(dir.resolve("trusted"), clock,
                OpsConfig.defaults().withLimits(one).withTrustedProxies(List.of("127.0.0.0/8")))) {
            assertThat(device(s, "203.0.113.9, 127.0.0.2")).isEqualTo("NOK:NODEVICE");
            assertThat(device(s, "203.0.113.10")).as("another client behind the proxy").isEqualTo("NOK:NODEVICE");
            assertThat(device(s, "203.0.113.9")).isEqualTo("NOK:FORBIDDEN");
            assertThat(device(s, "2001:db8:5:6::1")).isEqualTo("NOK:NODEVICE");
            assertThat(device(s, "2001:db8:5:6:ffff::2")).as("the same IPv6 /64").isEqualTo("NOK:FORBIDDEN");
        }
        try (PimsServer s = start(dir.resolve("direct"), clock, OpsConfig.defaults().withLimits(one))) {
            assertThat(device(s, "203.0.113.9")).isEqualTo("NOK:NODEVICE");
            assertThat(device(s, "203.0.113.10")).as("spoofed header ignored: same socket address")
                    .isEqualTo("NOK:FORBIDDEN");
        }
    }

    /**
     * Per-address limits protect capacity and are counted by each node alone (docs/architecture.md, "Limits"): two
     * nodes admit twice the rate. The exact counters (PIN, OTP issuance) are shared: see MultiNodeTest.
     */
    @Test
    void perAddressLimitsArePerNode() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        OpsConfig ops = OpsConfig.defaults().withLimits(AddressLimits.defaults().withDevicePerMinute(2));
        try (PimsServer a = start(dir, clock, ops); PimsServer b = start(dir, clock, ops)) {
            List<String> answers = new java.util.ArrayList<>();
            for (PimsServer node : List.of(a, a, a, b, b, b)) {
                answers.add(WireXml.read(send(node, "GET", "/iwws/MAC?" + DEVICE_QUERY + "default", null).body())
                        .orElseThrow().err());
            }
            assertThat(answers).containsExactly("NOK:NODEVICE", "NOK:NODEVICE", "NOK:FORBIDDEN", "NOK:NODEVICE",
                    "NOK:NODEVICE", "NOK:FORBIDDEN");
        }
    }
}
