package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Black-box tests of the account API (notes/account-api.md) over HTTP against an in-process server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountApiTest {
    private static final String PASSWORD = "correct horse battery staple";
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger phones = new AtomicInteger(100000);
    private LogCapture logs;
    private TestServer server;
    private AccountClient api;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        server = new TestServer(Files.createTempDirectory("pims-account"));
        api = new AccountClient(server);
    }

    @AfterAll
    void stopAndCheckLogs() {
        server.close();
        logs.detach();
        assertThat(logs.lines()).isNotEmpty();
        for (String line : logs.lines()) {
            for (String secret : server.secrets()) {
                String pattern = "(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])";
                boolean leaks = secret.length() >= 8 ? line.contains(secret) : Pattern.compile(pattern).matcher(line).find();
                assertThat(leaks).as("a log line leaks a secret: %s", line).isFalse();
            }
        }
    }

    private String newUser() {
        String login = "acct" + users.incrementAndGet();
        api.createUser(login, PASSWORD, null);
        return login;
    }

    private String newPhone() {
        return "+336" + String.format("%08d", phones.incrementAndGet());
    }

    private static void assertError(TestServer.Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).isEqualTo(error);
    }

    private static void assertError(TestServer.Response r, int status, String error, String field) {
        assertError(r, status, error);
        assertThat(r.json().get("field").asText()).isEqualTo(field);
    }

    private JsonNode status(String token) {
        TestServer.Response r = api.call("GET", "/api/v1/me/status", null, token);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    /** A user with a trusted phone and an active device with PIN {@code pin}; returns {token, phone}. */
    private record Enrolled(String login, String token, String phone, TestDevice device) { }

    private Enrolled enrolled(String pin) {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.addPhone(token, phone);
        assertThat(api.requestSms(token, "enrollment", null, null).status()).isEqualTo(202);
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(api.lastCode(phone), pin)).isEqualTo("OK");
        return new Enrolled(login, token, phone, d);
    }

    // ---- token endpoint ----

    @Test
    void passwordGrantRefreshAndRevoke() {
        String login = newUser();
        TestServer.Response r = api.passwordGrant(login, PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        JsonNode t = r.json();
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(t.get("username").asText()).isEqualTo(login);
        assertThat(t.get("id_token").asText()).isNotBlank();
        String access = t.get("access_token").asText();
        String refresh = t.get("refresh_token").asText();
        assertThat(status(access).get("login").asText()).isEqualTo(login);

        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", refresh);
        f.put("client_id", AccountClient.CLIENT_ID);
        f.put("client_secret", AccountClient.CLIENT_SECRET);
        TestServer.Response refreshed = api.form("/api/v1/oauth/token", f, null);
        assertThat(refreshed.status()).isEqualTo(200);
        String access2 = server.secret(refreshed.json().get("access_token").asText());
        server.secret(refreshed.json().get("refresh_token").asText());
        server.secret(refreshed.json().get("id_token").asText());
        assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(refresh);
        // rotation: the old access token is gone, the new one works
        assertError(api.call("GET", "/api/v1/me/status", null, access), 401, "NOK:UNAUTHENTICATED");
        assertThat(status(access2).get("login").asText()).isEqualTo(login);
        // reusing the rotated refresh token: invalid_grant and the whole family is revoked
        TestServer.Response reuse = api.form("/api/v1/oauth/token", f, null);
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.json().get("error").asText()).isEqualTo("invalid_grant");
        assertError(api.call("GET", "/api/v1/me/status", null, access2), 401, "NOK:UNAUTHENTICATED");

        // revoke (client credentials as HTTP Basic for the login)
        String basic = Base64.getEncoder().encodeToString("pims-dev:pims-dev-secret".getBytes());
        Map<String, String> g = new LinkedHashMap<>();
        g.put("grant_type", "password");
        g.put("username", login);
        g.put("password", PASSWORD);
        TestServer.Response viaBasic = api.form("/api/v1/oauth/token", g, basic);
        assertThat(viaBasic.status()).isEqualTo(200);
        String access3 = server.secret(viaBasic.json().get("access_token").asText());
        server.secret(viaBasic.json().get("refresh_token").asText());
        server.secret(viaBasic.json().get("id_token").asText());
        Map<String, String> rv = new LinkedHashMap<>();
        rv.put("token", access3);
        rv.put("client_id", AccountClient.CLIENT_ID);
        rv.put("client_secret", AccountClient.CLIENT_SECRET);
        TestServer.Response revoked = api.form("/api/v1/oauth/revoke", rv, null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body()).isEqualTo("{}");
        assertError(api.call("GET", "/api/v1/me/status", null, access3), 401, "NOK:UNAUTHENTICATED");
        rv.put("token", "garbage");
        assertThat(api.form("/api/v1/oauth/revoke", rv, null).status()).isEqualTo(200);
        rv.put("client_secret", "wrong");
        assertThat(api.form("/api/v1/oauth/revoke", rv, null).body()).isEqualTo("{}");
    }

    @Test
    void tokenEndpointErrors() {
        String login = newUser();
        TestServer.Response wrong = api.passwordGrant(login, "wrong password");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(api.passwordGrant("nobody-here", PASSWORD).json().get("error").asText()).isEqualTo("invalid_grant");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "password");
        f.put("username", login);
        f.put("password", PASSWORD);
        f.put("client_id", AccountClient.CLIENT_ID);
        f.put("client_secret", "not the secret");
        TestServer.Response badClient = api.form("/api/v1/oauth/token", f, null);
        assertThat(badClient.status()).isEqualTo(401);
        assertThat(badClient.json().get("error").asText()).isEqualTo("invalid_client");
        f.put("client_secret", AccountClient.CLIENT_SECRET);
        f.put("grant_type", "client_credentials");
        assertThat(api.form("/api/v1/oauth/token", f, null).json().get("error").asText())
                .isEqualTo("unsupported_grant_type");
        f.remove("grant_type");
        assertThat(api.form("/api/v1/oauth/token", f, null).json().get("error").asText()).isEqualTo("invalid_request");
        TestServer.Response asJson = api.raw("POST", "/api/v1/oauth/token", "application/json",
                "{\"grant_type\":\"password\"}", null, null);
        assertThat(asJson.status()).isEqualTo(400);
        assertThat(asJson.json().get("error").asText()).isEqualTo("invalid_request");
        TestServer.Response dup = api.raw("POST", "/api/v1/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=password&grant_type=password&client_id=pims-dev&client_secret=pims-dev-secret", null, null);
        assertThat(dup.json().get("error").asText()).isEqualTo("invalid_request");
        f.put("grant_type", "refresh_token");
        f.put("refresh_token", "unknown");
        assertThat(api.form("/api/v1/oauth/token", f, null).json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void adminCreatesAndRevokesClients() {
        TestServer.Response created = server.admin("POST", "/admin/v1/oauth-clients", "{\"clientId\":\"mobile-app\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = server.secret(created.json().get("clientSecret").asText());
        assertThat(server.admin("POST", "/admin/v1/oauth-clients", "{\"clientId\":\"mobile-app\"}").status())
                .isEqualTo(409);
        assertThat(server.admin("GET", "/admin/v1/oauth-clients", null).body()).contains("pims-dev", "mobile-app")
                .doesNotContain(secret);
        String login = newUser();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "password");
        f.put("username", login);
        f.put("password", PASSWORD);
        f.put("client_id", "mobile-app");
        f.put("client_secret", secret);
        TestServer.Response ok = api.form("/api/v1/oauth/token", f, null);
        assertThat(ok.status()).isEqualTo(200);
        String token = server.secret(ok.json().get("access_token").asText());
        server.secret(ok.json().get("refresh_token").asText());
        server.secret(ok.json().get("id_token").asText());
        assertThat(server.admin("DELETE", "/admin/v1/oauth-clients/mobile-app", null).status()).isEqualTo(204);
        assertThat(api.form("/api/v1/oauth/token", f, null).status()).isEqualTo(401);
        assertError(api.call("GET", "/api/v1/me/status", null, token), 401, "NOK:UNAUTHENTICATED");
        assertThat(api.call("GET", "/admin/v1/sms-outbox", null, token).status()).isEqualTo(401);
    }

    @Test
    void bearerAndMacidChecks() {
        String login = newUser();
        assertError(api.call("GET", "/api/v1/me/status", null, null), 401, "NOK:UNAUTHENTICATED");
        assertError(api.call("GET", "/api/v1/me/phone-number", null, "not-a-token"), 401, "NOK:UNAUTHENTICATED");
        assertError(api.call("POST", "/api/v1/me/pin/update", "{}", TestServer.ADMIN_TOKEN), 401, "NOK:UNAUTHENTICATED");
        String token = api.login(login, PASSWORD);
        assertError(api.call("GET", "/api/v1/me/status", null, token, "no-such-integration"), 400, "NOK:NOSRV");
        assertThat(api.call("GET", "/api/v1/me/status", null, token, "default").status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(3601));
        assertError(api.call("GET", "/api/v1/me/status", null, token), 401, "NOK:UNAUTHENTICATED");
    }

    // ---- phone numbers and SMS codes ----

    @Test
    void trustedPhoneAddAndModify() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        assertError(api.call("GET", "/api/v1/me/phone-number", null, token), 404, "NOK:NOPHONE");
        assertError(api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"12345678\"}", token), 404, "NOK:NOPHONE");
        assertError(api.requestSms(token, "phoneNumberCertification", "0612", null), 400, "NOK:SN", "phoneNumber");
        assertError(api.requestSms(token, "somethingElse", null, null), 400, "NOK:SN", "type");
        assertError(api.requestSms(token, "enrollment", null, null), 404, "NOK:NOPHONE");
        assertError(api.requestSms(token, "resetPIN", null, null), 404, "NOK:NOPHONE");

        TestServer.Response sms = api.requestSms(token, "phoneNumberCertification", phone, null);
        assertThat(sms.status()).isEqualTo(202);
        assertThat(sms.json().get("expiresAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(server.clock.millis() + 600_000).toString());
        JsonNode msg = api.lastSms(phone);
        String code = msg.get("code").asText();
        assertThat(code).matches("[0-9]{8}");
        assertThat(msg.get("text").asText()).contains(code);
        assertThat(msg.get("phoneNumber").asText()).isEqualTo(phone);
        assertThat(msg.get("sentAt").asText()).isNotBlank();
        assertThat(sms.body()).doesNotContain(code);

        String other = newPhone();
        assertError(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + other + "\",\"smsCode\":\"" + code + "\"}", token), 400, "NOK:CODE");
        assertError(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"00000000\"}", token), 400, "NOK:CODE");
        TestServer.Response added = api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone.substring(0, 4) + " " + phone.substring(4) + "\",\"smsCode\":\"" + code
                + "\"}", token);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("phoneNumber").asText()).isEqualTo(phone);
        assertThat(api.call("GET", "/api/v1/me/phone-number", null, token).json().get("phoneNumber").asText())
                .isEqualTo(phone);
        // consumed
        assertError(api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"}", token), 400, "NOK:CODE");
        // add again -> 409
        api.requestSms(token, "phoneNumberCertification", other, null);
        String code2 = api.lastCode(other);
        assertError(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + other + "\",\"smsCode\":\"" + code2 + "\"}", token), 409, "NOK:PHONEEXISTS");
        // modify with the (unconsumed) code: the account has a phone now, so the change needs proof of it
        assertError(api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + other + "\",\"smsCode\":\"" + code2 + "\"}", token), 403, "NOK:FORBIDDEN");
        assertThat(api.requestSms(token, "currentPhoneNumber", null, null).status()).isEqualTo(202);
        String proof = api.lastCode(phone);
        TestServer.Response modified = api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + other + "\",\"smsCode\":\"" + code2 + "\",\"currentPhoneCode\":\"" + proof
                + "\"}", token);
        assertThat(modified.status()).as(modified.body()).isEqualTo(200);
        assertThat(status(token).get("phoneNumber").asText()).isEqualTo(other);

        // blocked account cannot modify
        server.admin("POST", "/admin/v1/users/" + login + "/block", null);
        api.requestSms(token, "phoneNumberCertification", phone, null);
        assertError(api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + api.lastCode(phone) + "\"}", token), 403,
                "NOK:BLOCKED");
    }

    @Test
    void smsCodeExpiryTriesAndReplacement() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        // expired
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String code = api.lastCode(phone);
        server.clock.advance(Duration.ofSeconds(601));
        token = api.login(login, PASSWORD);
        String body = "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"}";
        assertError(api.call("POST", "/api/v1/me/phone-number", body, token), 400, "NOK:CODEEXPIRED", "smsCode");
        // three wrong tries kill the code
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String code2 = api.lastCode(phone);
        for (int i = 0; i < 3; i++) {
            assertError(api.call("POST", "/api/v1/me/phone-number",
                    "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"99999999\"}", token), 400, "NOK:CODE");
        }
        assertError(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code2 + "\"}", token), 400, "NOK:CODE");
        // four wrong codes in a row: the account's code issuance backs off (2 minutes after the 4th)
        assertError(api.requestSms(token, "phoneNumberCertification", phone, null), 403, "NOK:FORBIDDEN");
        server.clock.advance(Duration.ofSeconds(121));
        token = api.login(login, PASSWORD);
        // a new request replaces the live code
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String code3 = api.lastCode(phone);
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String code4 = api.lastCode(phone);
        if (!code3.equals(code4)) {
            assertError(api.call("POST", "/api/v1/me/phone-number",
                    "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code3 + "\"}", token), 400, "NOK:CODE");
        }
        assertThat(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code4 + "\"}", token).status()).isEqualTo(200);
        assertThat(api.lastSms(phone).get("text").asText()).contains(code4);
    }

    @Test
    void smsRateLimit() {
        String token = api.login(newUser(), PASSWORD);
        String phone = newPhone();
        for (int i = 0; i < dev.pims.server.limits.AbuseLimits.defaults().smsPerAccountPerDay(); i++) {
            assertThat(api.requestSms(token, "phoneNumberCertification", phone, null).status()).isEqualTo(202);
        }
        assertError(api.requestSms(token, "phoneNumberCertification", phone, null), 403, "NOK:FORBIDDEN");
    }

    @Test
    void certificationAndResetCodesAreNotActivationCodes() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String cert = api.lastCode(phone);
        assertThat(new TestDevice(server, "default").activate(cert, "1234")).isEqualTo("NOK:CODE");
        api.call("POST", "/api/v1/me/phone-number", "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + cert + "\"}",
                token);
        api.requestSms(token, "resetPIN", null, null);
        String reset = api.lastCode(phone);
        assertThat(new TestDevice(server, "default").activate(reset, "1234")).isEqualTo("NOK:CODE");
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + reset + "\"}", token), 400,
                "NOK:CODE");
    }

    // ---- enrollment ----

    @Test
    void fullEnrollmentJourney() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.addPhone(token, phone);
        TestServer.Response sms = api.requestSms(token, "enrollment", null, null);
        assertThat(sms.status()).isEqualTo(202);
        String code = api.lastCode(phone);
        assertThat(code).matches("[0-9]{8}");
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"00000000\"}", token), 400,
                "NOK:CODE", "smsCode");
        for (int i = 0; i < 2; i++) {
            // the check does not consume the code
            TestServer.Response check = api.call("POST", "/api/v1/me/enrollment/check",
                    "{\"smsCode\":\"" + code + "\"}", token);
            assertThat(check.status()).as(check.body()).isEqualTo(200);
            assertThat(check.json().get("status").asText()).isEqualTo("NotEnrolled");
        }
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(code, "2468")).isEqualTo("OK");
        String otp = d.otp("2468");
        assertThat(otp).doesNotStartWith("NOK");
        assertThat(server.verify(login, otp, true).get("result").asText()).isEqualTo("OK");
        JsonNode st = status(token);
        assertThat(st.get("pinSet").asBoolean()).isTrue();
        assertThat(st.get("devices").asInt()).isEqualTo(1);
        assertThat(st.get("accountState").asText()).isEqualTo("NotBlocked");
        assertThat(st.get("phoneNumber").asText()).isEqualTo(phone);
        // consumed by the activation
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + code + "\"}", token), 400,
                "NOK:CODE");
        // second enrollment: AlreadyEnrolled; a new SMS replaces the previous enrollment code
        api.requestSms(token, "enrollment", null, null);
        String second = api.lastCode(phone);
        api.requestSms(token, "enrollment", null, null);
        String third = api.lastCode(phone);
        if (!second.equals(third)) {
            assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + second + "\"}", token),
                    400, "NOK:CODE");
        }
        TestServer.Response again = api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + third + "\"}",
                token);
        assertThat(again.json().get("status").asText()).isEqualTo("AlreadyEnrolled");
        server.clock.advance(Duration.ofSeconds(601));
        String fresh = api.login(login, PASSWORD);
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + third + "\"}", fresh), 400,
                "NOK:CODEEXPIRED");
        server.admin("POST", "/admin/v1/users/" + login + "/block", null);
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + third + "\"}", fresh), 403,
                "NOK:BLOCKED");
    }

    @Test
    void enrollmentCheckWrongTriesKillTheCode() {
        String token = api.login(newUser(), PASSWORD);
        String phone = newPhone();
        api.addPhone(token, phone);
        api.requestSms(token, "enrollment", null, null);
        String code = api.lastCode(phone);
        for (int i = 0; i < 3; i++) {
            api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"12\"}", token);
        }
        assertError(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + code + "\"}", token), 400,
                "NOK:CODE");
        assertThat(new TestDevice(server, "default").activate(code, "1234")).isEqualTo("NOK:CODE");
    }

    @Test
    void enrollmentWithPhoneNumber() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String cert = api.lastCode(phone);
        String body = "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + cert + "\"}";
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"11111111\"}", token), 400, "NOK:CODE");
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"12\",\"smsCode\":\"11111111\"}", token), 400, "NOK:SN", "phoneNumber");
        TestServer.Response r = api.call("POST", "/api/v1/me/enrollment/with-phone-number", body, token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String activation = server.secret(r.json().get("activationCode").asText());
        assertThat(r.json().get("phoneNumber").asText()).isEqualTo(phone);
        assertThat(r.json().get("expiresAt").asText()).isNotBlank();
        assertThat(api.call("POST", "/api/v1/me/enrollment/with-phone-number", body, token).status()).isEqualTo(400);
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(activation, "1357")).isEqualTo("OK");
        assertThat(server.verify(login, d.otp("1357"), true).get("result").asText()).isEqualTo("OK");

        // another account cannot take that number
        String token2 = api.login(newUser(), PASSWORD);
        api.requestSms(token2, "phoneNumberCertification", phone, null);
        String cert2 = api.lastCode(phone);
        String body2 = "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + cert2 + "\"}";
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number", body2, token2), 409,
                "NOK:PHONEEXISTS");
        // refused: nothing changed, the code is still usable elsewhere
        assertError(api.call("GET", "/api/v1/me/phone-number", null, token2), 404, "NOK:NOPHONE");
        assertThat(api.call("POST", "/api/v1/me/phone-number", body2, token2).status()).isEqualTo(200);
    }

    @Test
    void enrollmentWithPhoneNumberLimitsAndIntegration() {
        server.createIntegration("{\"macid\":\"one-shot\",\"maxActivations\":1}");
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.requestSms(token, "phoneNumberCertification", phone, "one-shot");
        TestServer.Response r = api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + api.lastCode(phone) + "\"}", token, "one-shot");
        assertThat(r.status()).isEqualTo(200);
        TestDevice d = new TestDevice(server, "one-shot");
        assertThat(d.activate(server.secret(r.json().get("activationCode").asText()), "1234")).isEqualTo("OK");
        assertThat(api.call("GET", "/api/v1/me/status", null, token, "one-shot").json().get("devices").asInt())
                .isEqualTo(1);
        assertThat(status(token).get("devices").asInt()).isZero();
        api.requestSms(token, "phoneNumberCertification", phone, "one-shot");
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + api.lastCode(phone) + "\"}", token, "one-shot"),
                403, "NOK:FORBIDDEN");
        server.admin("POST", "/admin/v1/users/" + login + "/block", null);
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + api.lastCode(phone) + "\"}", token, "one-shot"),
                403, "NOK:BLOCKED");
    }

    @Test
    void removeEnrollments() {
        Enrolled e = enrolled("1234");
        String leftover = server.activationCode(e.login(), "default");
        TestServer.Response r = api.call("DELETE", "/api/v1/me/enrollments", null, e.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("removed").asInt()).isEqualTo(1);
        assertThat(e.device().otp("1234")).isEqualTo("NOK:NODEVICE");
        assertThat(new TestDevice(server, "default").activate(leftover, "1234")).isEqualTo("NOK:CODE");
        assertThat(server.user(e.login()).get("devices")).isEmpty();
        assertThat(status(e.token()).get("devices").asInt()).isZero();
        assertThat(status(e.token()).get("pinSet").asBoolean()).isTrue();
        assertThat(api.call("DELETE", "/api/v1/me/enrollments", null, e.token()).json().get("removed").asInt()).isZero();
        JsonNode audit = server.admin("GET", "/admin/v1/audit?login=" + e.login(), null).json();
        assertThat(audit.toString()).contains("enrollment.remove");
    }

    // ---- PIN ----

    @Test
    void resetPinThenOtpWithTheNewPinVerifies() {
        Enrolled e = enrolled("1234");
        api.requestSms(e.token(), "resetPIN", null, null);
        String code = api.lastCode(e.phone());
        assertError(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"00000000\",\"newPin\":\"5678\"}",
                e.token()), 400, "NOK:CODE");
        assertError(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + code + "\",\"newPin\":\"12\"}",
                e.token()), 400, "NOK:PINREFUSED", "newPin");
        assertError(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + code + "\",\"newPin\":\"1234\"}",
                e.token()), 400, "NOK:PINREUSED");
        TestServer.Response ok = api.call("POST", "/api/v1/me/pin/reset",
                "{\"smsCode\":\"" + code + "\",\"newPin\":\"" + server.secret("5678") + "\"}", e.token());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("{}");
        String otp = e.device().otp("5678");
        JsonNode v = server.verify(e.login(), otp, true);
        assertThat(v.get("result").asText()).isEqualTo("OK");
        assertThat(v.get("pinVerified").asBoolean()).isTrue();
        assertThat(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + code + "\",\"newPin\":\"9753\"}",
                e.token()).json().get("error").asText()).isEqualTo("NOK:CODE");
        api.requestSms(e.token(), "resetPIN", null, null);
        String expired = api.lastCode(e.phone());
        server.clock.advance(Duration.ofSeconds(601));
        String token = api.login(e.login(), PASSWORD);
        assertError(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + expired + "\",\"newPin\":\"9753\"}",
                token), 400, "NOK:CODEEXPIRED");
    }

    @Test
    void resetPinUnblocksPinBlockedButNotBlocked() {
        Enrolled e = enrolled("1234");
        for (int i = 0; i < 5; i++) {
            server.clock.advance(Duration.ofMinutes(5)); // past the temporary lock of the previous error
            api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"0000\",\"newPin\":\"4321\"}", e.token());
        }
        assertThat(status(e.token()).get("accountState").asText()).isEqualTo("PinBlocked");
        api.requestSms(e.token(), "resetPIN", null, null);
        String code = api.lastCode(e.phone());
        assertThat(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + code + "\",\"newPin\":\"8642\"}",
                e.token()).status()).isEqualTo(200);
        JsonNode st = status(e.token());
        assertThat(st.get("accountState").asText()).isEqualTo("NotBlocked");
        assertThat(st.get("pinErrors").asInt()).isZero();
        assertThat(server.verify(e.login(), e.device().otp("8642"), true).get("result").asText()).isEqualTo("OK");

        server.admin("POST", "/admin/v1/users/" + e.login() + "/block", null);
        api.requestSms(e.token(), "resetPIN", null, null);
        assertError(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\"" + api.lastCode(e.phone())
                + "\",\"newPin\":\"1470\"}", e.token()), 403, "NOK:BLOCKED");
        // an administrator's block: the account's tokens stop working, every route answers NOK:BLOCKED
        assertError(api.call("GET", "/api/v1/me/status", null, e.token()), 403, "NOK:BLOCKED");
        assertThat(server.user(e.login()).get("state").asText()).isEqualTo("Blocked");
    }

    @Test
    void updatePinCountsWrongOldPinsAndBlocks() {
        Enrolled e = enrolled("1234");
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"1234\",\"newPin\":\"1234\"}", e.token()),
                400, "NOK:PINREUSED");
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"1234\",\"newPin\":\"12a4\"}", e.token()),
                400, "NOK:PINREFUSED", "newPin");
        assertThat(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"1234\",\"newPin\":\"" + server.secret("4321")
                + "\"}", e.token()).status()).isEqualTo(200);
        assertThat(server.verify(e.login(), e.device().otp("4321"), true).get("result").asText()).isEqualTo("OK");
        for (int i = 1; i <= 4; i++) {
            server.clock.advance(Duration.ofMinutes(5)); // past the temporary lock of the previous error
            assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"1234\",\"newPin\":\"5555\"}",
                    e.token()), 403, "NOK:ACCESS");
            assertThat(status(e.token()).get("pinErrors").asInt()).isEqualTo(i);
            if (i == 3) {
                // the third error starts the temporary lock: even the right old PIN is refused, and not counted
                assertError(api.call("POST", "/api/v1/me/pin/update",
                        "{\"oldPin\":\"4321\",\"newPin\":\"5555\"}", e.token()), 403, "NOK:BLOCKED");
                assertThat(status(e.token()).get("pinErrors").asInt()).isEqualTo(3);
            }
        }
        // the device's wrong PINs and the API's share one counter: the fifth one (on the device) blocks
        server.clock.advance(Duration.ofMinutes(5));
        assertThat(e.device().otp("9999")).isEqualTo("NOK:BLOCKED");
        assertThat(status(e.token()).get("accountState").asText()).isEqualTo("PinBlocked");
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"4321\",\"newPin\":\"5555\"}", e.token()),
                403, "NOK:BLOCKED");
    }

    @Test
    void updatePinFifthWrongOldPinAnswersBlocked() {
        Enrolled e = enrolled("1234");
        for (int i = 0; i < 4; i++) {
            server.clock.advance(Duration.ofMinutes(5)); // past the temporary lock of the previous error
            api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"0000\",\"newPin\":\"5555\"}", e.token());
        }
        server.clock.advance(Duration.ofMinutes(5));
        assertThat(status(e.token()).get("pinErrors").asInt()).isEqualTo(4);
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"0000\",\"newPin\":\"5555\"}", e.token()),
                403, "NOK:BLOCKED");
        assertThat(e.device().otp("1234")).isEqualTo("NOK:BLOCKED");
        String token = api.login(newUser(), PASSWORD);
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":\"0000\",\"newPin\":\"5555\"}", token),
                400, "NOK:STATE");
    }

    // ---- bad input ----

    @Test
    void badInputIsRefusedWithoutChanges() {
        String login = newUser();
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.requestSms(token, "phoneNumberCertification", phone, null);
        String code = api.lastCode(phone);
        String[] bodies = {"{", "[1,2]", "\"text\"", "{\"phoneNumber\":" + phone.substring(1) + ",\"smsCode\":\"" + code + "\"}",
            "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":" + code + "}",
            "{\"phoneNumber\":\"" + phone + "\",\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"}",
            "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"} trailing",
            "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\",\"x\":\"" + "a".repeat(40_000) + "\"}",
            "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\",\"x\":\"" + "a".repeat(200_000) + "\"}",
            "{\"phoneNumber\":\"" + phone + "\"}", "{\"smsCode\":\"" + code + "\"}", "",
            "{\"phoneNumber\":null,\"smsCode\":\"" + code + "\"}", "[".repeat(5000)};
        for (String b : bodies) {
            TestServer.Response r = api.call("POST", "/api/v1/me/phone-number", b, token);
            assertThat(r.status()).as("%s -> %s", b.length() > 80 ? b.substring(0, 80) : b, r.body()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("NOK:SN");
            assertThat(r.body()).doesNotContain(code);
        }
        assertError(api.call("POST", "/api/v1/me/pin/update", "{\"oldPin\":1234,\"newPin\":\"5678\"}", token), 400,
                "NOK:SN", "oldPin");
        assertError(api.call("POST", "/api/v1/me/sms-codes", "{\"type\":3}", token), 400, "NOK:SN", "type");
        assertError(api.raw("POST", "/api/v1/me/enrollment/check", "text/plain", "smsCode=1", token, null), 400,
                "NOK:SN");
        assertError(api.call("GET", "/api/v1/me/phone-number", null, token), 404, "NOK:NOPHONE");
        // the code survived every refused request
        assertThat(api.call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"}", token).status()).isEqualTo(200);
    }
}
