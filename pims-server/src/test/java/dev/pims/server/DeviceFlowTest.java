package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Black-box tests over HTTP: activation, OTP generation, verification, limits and failure paths. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceFlowTest {
    private static final String MACID = "default";
    private final AtomicInteger users = new AtomicInteger();
    private LogCapture logs;
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        server = new TestServer(Files.createTempDirectory("pims-flow"));
    }

    @AfterAll
    void stopAndCheckLogs() {
        server.close();
        logs.detach();
        assertThat(logs.lines()).isNotEmpty();
        for (String line : logs.lines()) {
            for (String secret : server.secrets()) {
                // short secrets (4-digit PINs) are matched as whole tokens to avoid hits inside hashes or ids
                String pattern = "(?<![0-9A-Za-z])" + java.util.regex.Pattern.quote(secret) + "(?![0-9A-Za-z])";
                boolean leaks = secret.length() >= 8 ? line.contains(secret)
                        : java.util.regex.Pattern.compile(pattern).matcher(line).find();
                assertThat(leaks).as("a log line leaks a secret: %s", line).isFalse();
            }
        }
    }

    private String newUser() {
        String login = "user" + users.incrementAndGet();
        server.createUser(login);
        return login;
    }

    private TestDevice activated(String login, String pin) {
        TestDevice d = new TestDevice(server, MACID);
        assertThat(d.activate(server.activationCode(login, MACID), pin)).isEqualTo("OK");
        return d;
    }

    @Test
    void activationAndOtpWithPinVerifiesOnce() {
        String login = newUser();
        TestDevice d = activated(login, "1234");
        JsonNode user = server.user(login);
        assertThat(user.get("state").asText()).isEqualTo("NotBlocked");
        assertThat(user.get("devices").get(0).get("state").asText()).isEqualTo("Active");
        String otp = d.otp("1234");
        assertThat(otp).doesNotStartWith("NOK");
        JsonNode ok = server.verify(login, otp, null);
        assertThat(ok.get("result").asText()).isEqualTo("OK");
        assertThat(ok.get("pinVerified").asBoolean()).isTrue();
        assertThat(ok.get("deviceId").asText()).isEqualTo(user.get("devices").get(0).get("id").asText());
        assertThat(ok.get("deviceName").asText()).isEqualTo("test phone");
        assertThat(server.verify(login, otp, null).get("result").asText()).isEqualTo("NOK");
        // a second OTP after the ratchet works too
        String otp2 = d.otp("1234");
        assertThat(server.verify(login, otp2, true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void pinlessOtpOnlyWhereThePinIsNotRequired() {
        String login = newUser();
        TestDevice d = activated(login, "5678");
        String otp = d.otp(null);
        JsonNode refused = server.verify(login, otp, null);
        assertThat(refused.get("result").asText()).isEqualTo("NOK");
        assertThat(refused.get("reason").asText()).isEqualTo("pin_required");
        String otp2 = d.otp(null);
        JsonNode ok = server.verify(login, otp2, false);
        assertThat(ok.get("result").asText()).isEqualTo("OK");
        assertThat(ok.get("pinVerified").asBoolean()).isFalse();
    }

    @Test
    void expiredOtpIsRefused() {
        String login = newUser();
        TestDevice d = activated(login, "2468");
        String otp = d.otp("2468");
        server.clock.advance(Duration.ofSeconds(121));
        assertThat(server.verify(login, otp, null).get("reason").asText()).isEqualTo("invalid_otp");
    }

    @Test
    void randomOtpAndUnknownAccount() {
        String login = newUser();
        activated(login, "1357");
        assertThat(server.verify(login, "abcdefgh", null).get("reason").asText()).isEqualTo("invalid_otp");
        assertThat(server.verify("nobody", "abcdefgh", null).get("reason").asText()).isEqualTo("invalid_otp");
    }

    @Test
    void wrongPinsAreCountedAndBlockTheAccountUntilUnblocked() {
        String login = newUser();
        TestDevice d = activated(login, "1111");
        for (int i = 1; i <= 4; i++) {
            assertThat(d.otp("9999")).isEqualTo("NOK:ACCESS");
            assertThat(server.user(login).get("pinErrors").asInt()).isEqualTo(i);
            server.clock.advance(Duration.ofMinutes(5)); // past the temporary lock of the 3rd and 4th errors
        }
        assertThat(d.otp("9999")).isEqualTo("NOK:BLOCKED");
        assertThat(server.user(login).get("state").asText()).isEqualTo("PinBlocked");
        assertThat(d.otp("1111")).isEqualTo("NOK:BLOCKED");
        assertThat(server.admin("POST", "/admin/v1/users/" + login + "/unblock", null).status()).isEqualTo(200);
        JsonNode after = server.user(login);
        assertThat(after.get("state").asText()).isEqualTo("NotBlocked");
        assertThat(after.get("pinErrors").asInt()).isZero();
        String otp = d.otp("1111");
        assertThat(server.verify(login, otp, null).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void correctPinResetsTheCountAndAdminBlockWorks() {
        String login = newUser();
        TestDevice d = activated(login, "2222");
        assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
        assertThat(d.otp("2222")).doesNotStartWith("NOK");
        assertThat(server.user(login).get("pinErrors").asInt()).isZero();
        server.admin("POST", "/admin/v1/users/" + login + "/block", null);
        assertThat(server.user(login).get("state").asText()).isEqualTo("Blocked");
        assertThat(d.otp("2222")).isEqualTo("NOK:BLOCKED");
    }

    @Test
    void disabledAndDeletedDevicesAreRefused() {
        String login = newUser();
        TestDevice d = activated(login, "3333");
        String deviceId = server.user(login).get("devices").get(0).get("id").asText();
        String otp = d.otp("3333");
        String base = "/admin/v1/users/" + login + "/devices/" + deviceId;
        assertThat(server.admin("POST", base + "/disable", null).json().get("state").asText()).isEqualTo("Disabled");
        assertThat(d.otp("3333")).isEqualTo("NOK:NODEVICE");
        assertThat(server.verify(login, otp, null).get("result").asText()).isEqualTo("NOK");
        server.admin("POST", base + "/enable", null);
        assertThat(d.otp("3333")).doesNotStartWith("NOK");
        assertThat(server.admin("DELETE", base, null).status()).isEqualTo(200);
        assertThat(d.otp("3333")).isEqualTo("NOK:NODEVICE");
        assertThat(server.admin("POST", base + "/enable", null).status()).isEqualTo(409);
        assertThat(server.user(login).get("devices")).isEmpty();
    }

    @Test
    void deviceLimitAndActivationLimit() {
        server.createIntegration("{\"macid\":\"onedevice\",\"maxDevices\":1}");
        server.createIntegration("{\"macid\":\"oneactivation\",\"maxActivations\":1}");
        String a = newUser();
        assertThat(new TestDevice(server, "onedevice").activate(server.activationCode(a, "onedevice"), "1234"))
                .isEqualTo("OK");
        assertThat(new TestDevice(server, "onedevice").activate(server.activationCode(a, "onedevice"), "1234"))
                .isEqualTo("NOK:MAXNBTOOLS");
        String b = newUser();
        assertThat(new TestDevice(server, "oneactivation").activate(server.activationCode(b, "oneactivation"), "1234"))
                .isEqualTo("OK");
        assertThat(new TestDevice(server, "oneactivation").activate(server.activationCode(b, "oneactivation"), "1234"))
                .isEqualTo("NOK:FORBIDDEN");
    }

    @Test
    void activationCodesWrongExpiredUsedAndKilled() {
        String login = newUser();
        assertThat(new TestDevice(server, MACID).activate("00000000", "1234")).isEqualTo("NOK:CODE");
        assertThat(new TestDevice(server, MACID).activate("12ab", "1234")).isEqualTo("NOK:SN");
        String expired = server.activationCode(login, MACID);
        server.clock.advance(Duration.ofMinutes(11));
        assertThat(new TestDevice(server, MACID).activate(expired, "1234")).isEqualTo("NOK:CODE");
        String code = server.activationCode(login, MACID);
        assertThat(new TestDevice(server, MACID).activate(code, "1234")).isEqualTo("OK");
        assertThat(new TestDevice(server, MACID).activate(code, "1234")).isEqualTo("NOK:CODE");
        // the account now has PIN 1234: three finalizes with a wrong PIN kill the next code
        String killed = server.activationCode(login, MACID);
        for (int i = 0; i < 3; i++) {
            assertThat(new TestDevice(server, MACID).activate(killed, "4321")).isEqualTo("NOK:ACCESS");
        }
        assertThat(new TestDevice(server, MACID).activate(killed, "1234")).isEqualTo("NOK:CODE");
        assertThat(server.user(login).get("pinErrors").asInt()).isEqualTo(3);
    }

    @Test
    void newPinMustFollowThePolicy() {
        String login = newUser();
        String code = server.activationCode(login, MACID);
        assertThat(new TestDevice(server, MACID).activate(code, "12a4")).isEqualTo("NOK:PINREFUSED");
        assertThat(new TestDevice(server, MACID).activate(code, "123456789")).isEqualTo("NOK:PINREFUSED");
        assertThat(new TestDevice(server, MACID).activate(code, "123456")).isEqualTo("OK");
    }

    @Test
    void staleAndReusedChallenges() {
        String login = newUser();
        TestDevice d = activated(login, "4444");
        String stale = d.challenge();
        server.clock.advance(Duration.ofSeconds(61));
        assertThat(d.otpWith(stale, "4444", true)).isEqualTo("NOK:TIMEOUT");
        String used = d.challenge();
        assertThat(d.otpWith(used, "4444", true)).doesNotStartWith("NOK");
        assertThat(d.otpWith(used, "4444", true)).isEqualTo("NOK:STATE");
        // finalize without any setup for a new device
        TestDevice fresh = activated(newUser(), "4444");
        assertThat(fresh.otpWith("00", "4444", true)).isEqualTo("NOK:STATE");
    }

    @Test
    void proofMismatchIsRefused() {
        String login = newUser();
        TestDevice d = activated(login, "5555");
        String challenge = d.challenge();
        Map<String, String> p = new LinkedHashMap<>(d.protocol.otpFinalize(d.state, MACID, challenge, "5555"));
        p.put("R0", "0".repeat(64));
        assertThat(server.mac(p).err()).isEqualTo("NOK:ACCESS");
        String c2 = d.challenge();
        Map<String, String> q = new LinkedHashMap<>(d.protocol.otpFinalize(d.state, MACID, c2, "5555"));
        q.put("R1", "1".repeat(64));
        assertThat(server.mac(q).err()).isEqualTo("NOK:ACCESS");
        assertThat(server.user(login).get("pinErrors").asInt()).isZero();
    }

    @Test
    void clientThatLostTheRatchetAnswerRecovers() {
        String login = newUser();
        TestDevice d = activated(login, "6666");
        String lost = d.otpWith(d.challenge(), "6666", false);
        assertThat(lost).doesNotStartWith("NOK");
        String otp = d.otp("6666");
        assertThat(otp).doesNotStartWith("NOK");
        assertThat(server.verify(login, otp, null).get("result").asText()).isEqualTo("OK");
        assertThat(server.verify(login, d.otp("6666"), null).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void minimumClientVersion() {
        server.createIntegration("{\"macid\":\"newclients\",\"minClientVersion\":\"9.0\"}");
        String login = newUser();
        TestDevice d = new TestDevice(server, "newclients");
        assertThat(d.activate(server.activationCode(login, "newclients"), "1234")).isEqualTo("OK");
        assertThat(d.otp("1234")).isEqualTo("NOK:VERSION");
    }

    @Test
    void thirdPartyStyleRequestsAreAccepted() {
        // psa_car_controller style: id= empty and lastsync=0 on activation, no version on the ms step
        String login = newUser();
        String code = server.activationCode(login, MACID);
        TestDevice d = new TestDevice(server, MACID);
        DeviceProtocol p = d.protocol;
        Map<String, String> setup = new LinkedHashMap<>(p.activateSetup(d.state, MACID, code));
        setup.put("id", "");
        setup.put("lastsync", "0");
        WireMessage answer = server.mac(setup);
        assertThat(answer.err()).isEqualTo("OK");
        assertThat(answer.get("pinmode")).contains("2");
        assertThat(server.macRaw(dev.pims.protocol.wire.FormEncoding.encode(setup)).body())
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ActionSetup>");
    }

    @Test
    void relyingPartyNeedsAKeyAndFsEndpointWorks() {
        String login = newUser();
        TestDevice d = activated(login, "7777");
        String otp = d.otp("7777");
        assertThat(server.send("POST", "/api/v1/otp/verify", "{}", null).status()).isEqualTo(401);
        JsonNode created = server.admin("POST", "/admin/v1/api-keys",
                "{\"name\":\"shop\",\"integrations\":[\"" + MACID + "\"]}").json();
        String key = server.secret(created.get("key").asText());
        TestServer.Response r = server.send("GET", "/FS?action=authenticateExtended&serviceId=" + MACID
                + "&userId=" + login + "&token=" + otp + "&format=json", null, key);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("err").asText()).isEqualTo("OK");
        assertThat(r.json().get("type").asText()).isEqualTo("mac");
        TestServer.Response replay = server.send("GET", "/FS?action=authenticateExtended&serviceId=" + MACID
                + "&userId=" + login + "&token=" + otp, null, key);
        assertThat(replay.body()).contains("<err>NOK:no device found</err>");
        String pinless = d.otp(null);
        assertThat(server.send("GET", "/FS?action=authenticateExtended&serviceId=" + MACID + "&userId=" + login
                + "&token=" + pinless + "&expectnopin=1&format=json", null, key).json().get("err").asText())
                .isEqualTo("OK");
        assertThat(server.send("GET", "/FS?action=authenticateExtended&serviceId=nope&userId=" + login
                + "&token=abc", null, key).body()).contains("NOK:srv unknown");
        assertThat(server.send("GET", "/FS?action=authenticateExtended&serviceId=" + MACID + "&userId=ghost"
                + "&token=abc", null, key).body()).contains("NOK:no device found");
        String id = created.get("id").asText();
        assertThat(server.admin("DELETE", "/admin/v1/api-keys/" + id, null).status()).isEqualTo(204);
        assertThat(server.send("POST", "/api/v1/otp/verify", "{\"login\":\"a\",\"otp\":\"b\"}", key).status())
                .isEqualTo(401);
    }

    @Test
    void parallelVerificationsOfOneOtpGiveExactlyOneOk() throws Exception {
        String login = newUser();
        TestDevice d = activated(login, "8888");
        String otp = d.otp("8888");
        AtomicInteger oks = new AtomicInteger();
        AtomicInteger noks = new AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(64)) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 64; i++) {
                pool.submit(() -> {
                    go.await();
                    String result = server.verify(login, otp, null).get("result").asText();
                    (result.equals("OK") ? oks : noks).incrementAndGet();
                    return null;
                });
            }
            go.countDown();
        }
        assertThat(oks.get()).isEqualTo(1);
        assertThat(noks.get()).isEqualTo(63);
    }

    @Test
    void adminApiErrors() {
        assertThat(server.send("GET", "/admin/v1/users/x", null, null).status()).isEqualTo(401);
        assertThat(server.send("GET", "/admin/v1/users/x", null, "wrong").status()).isEqualTo(401);
        assertThat(server.admin("GET", "/admin/v1/users/ghost", null).status()).isEqualTo(404);
        String login = newUser();
        assertThat(server.admin("POST", "/admin/v1/users", "{\"login\":\"" + login + "\"}").status()).isEqualTo(409);
        assertThat(server.admin("POST", "/admin/v1/users", "{not json").status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/users", "{\"login\":\"bad login\"}").status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/integrations", "{\"macid\":\"default\"}").status()).isEqualTo(409);
        assertThat(server.admin("POST", "/admin/v1/integrations", "{\"macid\":\"x\",\"pinMinLength\":2}").status())
                .isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/users/ghost/activation-codes", "{}").status()).isEqualTo(404);
        TestServer.Response created = server.admin("POST", "/admin/v1/users",
                "{\"login\":\"withpw\",\"password\":\"s3cret-pass\",\"phoneNumber\":\"+33600000000\"}");
        server.secret("s3cret-pass");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("s3cret-pass");
        JsonNode audit = server.admin("GET", "/admin/v1/audit?limit=5", null).json();
        assertThat(audit.get("items")).hasSize(5);
        long next = audit.get("next").asLong();
        assertThat(server.admin("GET", "/admin/v1/audit?limit=5&before=" + next, null).json().get("items")).isNotEmpty();
    }
}
