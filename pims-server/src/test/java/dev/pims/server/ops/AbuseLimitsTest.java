package dev.pims.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.limits.AbuseGuard;
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

/** Abuse limits held in the database, driven by the movable clock. */
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
            assertThat(p.get("deviceRequestsPerAddressPerMinute").asInt()).isEqualTo(600);
            assertThat(p.get("verifyRequestsPerAddressPerMinute").asInt()).isEqualTo(1200);
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
            assertThat(d.otp("1234")).isEqualTo("NOK:FORBIDDEN");
            s.clock.advance(Duration.ofMinutes(1));
            assertThat(d.otp("1234")).doesNotStartWith("NOK"); // 4th set-up of the hour: refused ones count too
            assertThat(d.otp("1234")).isEqualTo("NOK:FORBIDDEN");
            JsonNode limits = s.admin("GET", "/admin/v1/users/frank/limits", null).json();
            assertThat(limits.get("counters").findValuesAsText("limit")).contains(AbuseGuard.OTP_HOUR,
                    AbuseGuard.OTP_MINUTE);
            assertThat(s.admin("DELETE", "/admin/v1/users/frank/limits", null).json().get("counters")).isEmpty();
            assertThat(d.otp("1234")).doesNotStartWith("NOK");
        }
    }

    @Test
    void deviceEndpointPerAddressAnswersForbiddenUntilTheWindowEndsOrAnAdminClears() {
        try (TestServer s = new TestServer(dir)) {
            s.createIntegration("{\"macid\":\"tight\"}");
            policy(s, "tight", "{\"deviceRequestsPerAddressPerMinute\":3}");
            for (int i = 0; i < 3; i++) {
                assertThat(err(s.macRaw(DEVICE_QUERY + "tight"))).isEqualTo("NOK:NODEVICE");
            }
            assertThat(err(s.macRaw(DEVICE_QUERY + "tight"))).isEqualTo("NOK:FORBIDDEN");
            JsonNode a = s.admin("GET", "/admin/v1/client-addresses/127.0.0.1/limits", null).json();
            JsonNode counter = null;
            for (JsonNode c : a.get("counters")) {
                if (c.get("limit").asText().equals(AbuseGuard.DEVICE_ADDRESS)) {
                    counter = c;
                }
            }
            assertThat(counter).isNotNull();
            assertThat(counter.get("count").asInt()).isEqualTo(4);
            assertThat(counter.get("windowStart").asText()).isEqualTo("2026-01-01T00:00:00Z");
            s.admin("DELETE", "/admin/v1/client-addresses/127.0.0.1/limits", null);
            assertThat(err(s.macRaw(DEVICE_QUERY + "tight"))).isEqualTo("NOK:NODEVICE");
            for (int i = 0; i < 3; i++) {
                s.macRaw(DEVICE_QUERY + "tight");
            }
            assertThat(err(s.macRaw(DEVICE_QUERY + "tight"))).isEqualTo("NOK:FORBIDDEN");
            s.clock.advance(Duration.ofMinutes(1));
            assertThat(err(s.macRaw(DEVICE_QUERY + "tight"))).isEqualTo("NOK:NODEVICE");
            assertThat(s.admin("GET", "/admin/v1/client-addresses/not-an-ip/limits", null).status()).isEqualTo(400);
        }
    }

    @Test
    void verificationPerAddressAnswers429() {
        try (TestServer s = new TestServer(dir)) {
            policy(s, "default", "{\"verifyRequestsPerAddressPerMinute\":2}");
            s.createUser("gina");
            assertThat(s.verify("gina", "abcdefgh", true).get("result").asText()).isEqualTo("NOK");
            assertThat(s.verify("gina", "abcdefgh", true).get("result").asText()).isEqualTo("NOK");
            TestServer.Response r = s.send("POST", "/api/v1/otp/verify", "{\"login\":\"gina\",\"otp\":\"abcdefgh\"}",
                    TestServer.ADMIN_TOKEN);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().get("error").asText()).isEqualTo("rate_limited");
            assertThat(s.send("GET", "/FS?action=authenticateExtended&serviceId=default&userId=gina&token=abc", null,
                    TestServer.ADMIN_TOKEN).status()).isEqualTo(429);
            s.clock.advance(Duration.ofMinutes(1));
            assertThat(s.verify("gina", "abcdefgh", true).get("result").asText()).isEqualTo("NOK");
        }
    }

    @Test
    void smsBudgetPerAccountPerDay() {
        try (TestServer s = new TestServer(dir)) {
            policy(s, "default", "{\"smsPerAccountPerDay\":2}");
            AbuseGuard guard = s.server().abuseGuard();
            assertThat(guard.allowSms("default", "hank")).isTrue();
            assertThat(guard.allowSms("default", "hank")).isTrue();
            assertThat(guard.allowSms("default", "hank")).isFalse();
            assertThat(guard.allowSms("default", "ivy")).isTrue();
            assertThat(guard.allowSms("unknown-macid", "hank")).isFalse(); // default integration's limit
            s.clock.advance(Duration.ofDays(1));
            assertThat(guard.allowSms("default", "hank")).isTrue();
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
            assertThat(r.headers().firstValue("Retry-After")).contains("50");
            clock.advance(Duration.ofSeconds(50));
            assertThat(send(s, "GET", "/admin/v1/integrations", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path trusted = dir.resolve("trusted");
        try (PimsServer s = start(trusted, clock, OpsConfig.defaults().withTrustedProxies(List.of("127.0.0.0/8")))) {
            send(s, "GET", "/iwws/MAC?" + DEVICE_QUERY + "default", null, "X-Forwarded-For", "203.0.113.9, 127.0.0.2");
            JsonNode a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    send(s, "GET", "/admin/v1/client-addresses/203.0.113.9/limits", null).body());
            assertThat(a.get("counters").findValuesAsText("limit")).contains(AbuseGuard.DEVICE_ADDRESS);
        }
        try (PimsServer s = start(dir.resolve("direct"), clock, OpsConfig.defaults())) {
            send(s, "GET", "/iwws/MAC?" + DEVICE_QUERY + "default", null, "X-Forwarded-For", "203.0.113.9");
            JsonNode spoofed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    send(s, "GET", "/admin/v1/client-addresses/203.0.113.9/limits", null).body());
            assertThat(spoofed.get("counters")).isEmpty();
            JsonNode real = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    send(s, "GET", "/admin/v1/client-addresses/127.0.0.1/limits", null).body());
            assertThat(real.get("counters").findValuesAsText("limit")).contains(AbuseGuard.DEVICE_ADDRESS);
        }
    }

    @Test
    void limitsHoldAcrossTwoNodesSharingTheDatabase() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (PimsServer a = start(dir, clock, OpsConfig.defaults());
                PimsServer b = start(dir, clock, OpsConfig.defaults())) {
            assertThat(send(a, "PUT", "/admin/v1/integrations/default/policy",
                    "{\"deviceRequestsPerAddressPerMinute\":4}").statusCode()).isEqualTo(200);
            List<String> answers = new java.util.ArrayList<>();
            for (PimsServer node : List.of(a, b, a, b, b, a)) {
                answers.add(WireXml.read(send(node, "GET", "/iwws/MAC?" + DEVICE_QUERY + "default", null).body())
                        .orElseThrow().err());
            }
            assertThat(answers).containsExactly("NOK:NODEVICE", "NOK:NODEVICE", "NOK:NODEVICE", "NOK:NODEVICE",
                    "NOK:FORBIDDEN", "NOK:FORBIDDEN");
        }
    }
}
