package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 8 item 1, through HTTP on both stores: the password alone never changes the factor. The attack of the
 * issue (certify one's own phone, replace the trusted phone, reset the PIN, enroll a device) is refused at
 * every step; the real user changes the phone with a PIN-verified OTP or a code to the current phone, the old
 * phone is told, and PIN resets and new enrollments wait for the cooling-off period or an administrator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FactorChangeTest {
    private static final String PASSWORD = "victim password 1";
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicInteger phones = new AtomicInteger(200000);
    private TestServer server;
    private AccountClient api;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Files.createTempDirectory("pims-factor"));
        api = new AccountClient(server);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private record Victim(String login, String token, String phone, TestDevice device) { }

    private String newPhone() {
        return "+337" + String.format("%08d", phones.incrementAndGet());
    }

    /** An account with a trusted phone and one active device with PIN 1234. */
    private Victim victim() {
        String login = "factor" + users.incrementAndGet();
        api.createUser(login, PASSWORD, null);
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        api.addPhone(token, phone);
        assertThat(api.requestSms(token, "enrollment", null, null).status()).isEqualTo(202);
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(api.lastCode(phone), "1234")).isEqualTo("OK");
        return new Victim(login, token, phone, d);
    }

    private static void assertError(TestServer.Response r, int status, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.body()).isEqualTo(error);
    }

    private String certify(String token, String phone) {
        assertThat(api.requestSms(token, "phoneNumberCertification", phone, null).status()).isEqualTo(202);
        return api.lastCode(phone);
    }

    private TestServer.Response put(String token, String phone, String code, String proofField, String proof) {
        String extra = proofField == null ? "" : ",\"" + proofField + "\":\"" + proof + "\"";
        return api.call("PUT", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"" + extra + "}", token);
    }

    @Test
    void thePasswordAloneCannotTakeTheAccountOver() {
        Victim v = victim();
        // the attacker knows the password and logs in from his own client
        String attacker = api.login(v.login(), PASSWORD);
        String his = newPhone();
        String code = certify(attacker, his);
        // 1. replace the trusted phone: needs the current factor
        assertError(put(attacker, his, code, null, null), 403, "NOK:FORBIDDEN");
        assertError(put(attacker, his, code, "currentPhoneCode", "12345678"), 403, "NOK:ACCESS");
        assertError(put(attacker, his, code, "otp", "123456"), 403, "NOK:ACCESS");
        // 2. the enrollment shortcut does not replace the phone either
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + his + "\",\"smsCode\":\"" + certify(attacker, his) + "\"}", attacker), 403,
                "NOK:FORBIDDEN");
        // 3. PIN reset and enrollment codes go to the victim's phone only
        int before = server.admin("GET", "/admin/v1/sms-outbox?phoneNumber=" + his, null).json().size();
        assertThat(api.requestSms(attacker, "resetPIN", null, null).status()).isEqualTo(202);
        assertThat(api.requestSms(attacker, "enrollment", null, null).status()).isEqualTo(202);
        assertThat(api.requestSms(attacker, "currentPhoneNumber", null, null).status()).isEqualTo(202);
        assertThat(server.admin("GET", "/admin/v1/sms-outbox?phoneNumber=" + his, null).json().size()).isEqualTo(before);
        assertThat(api.lastSms(v.phone()).get("text").asText()).contains("replace this trusted phone");
        assertThat(api.call("GET", "/api/v1/me/phone-number", null, attacker).json().get("phoneNumber").asText())
                .isEqualTo(v.phone());
        // the victim's device still works, with its PIN
        assertThat(server.verify(v.login(), v.device().otp("1234"), true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void aPinVerifiedOtpProvesThePhoneChangeAndStartsTheCoolingOff() {
        Victim v = victim();
        String next = newPhone();
        String code = certify(v.token(), next);
        // a PIN-less OTP is no proof, and it is spent by the attempt
        String pinless = v.device().otp(null);
        assertError(put(v.token(), next, code, "otp", pinless), 403, "NOK:ACCESS");
        assertThat(server.verify(v.login(), pinless, false).get("result").asText()).isEqualTo("NOK");
        TestServer.Response ok = put(v.token(), next, code, "otp", v.device().otp("1234"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("phoneNumber").asText()).isEqualTo(next);
        // the old phone is told
        JsonNode notice = api.lastSms(v.phone());
        assertThat(notice.get("text").asText()).contains("no longer uses this phone number");
        // cooling-off: PIN reset and new enrollments wait, whatever the code
        JsonNode status = api.call("GET", "/api/v1/me/status", null, v.token()).json();
        assertThat(status.get("coolingOffUntil").asText())
                .isEqualTo(java.time.Instant.ofEpochMilli(server.clock.millis() + 24 * 3600_000L).toString());
        assertError(api.requestSms(v.token(), "resetPIN", null, null), 403, "NOK:FORBIDDEN");
        assertError(api.requestSms(v.token(), "enrollment", null, null), 403, "NOK:FORBIDDEN");
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number",
                "{\"phoneNumber\":\"" + next + "\",\"smsCode\":\"" + certify(v.token(), next) + "\"}", v.token()), 403,
                "NOK:FORBIDDEN");
        // the device keeps working
        assertThat(server.verify(v.login(), v.device().otp("1234"), true).get("result").asText()).isEqualTo("OK");
        // an administrator confirms: the cooling-off ends
        assertThat(server.admin("POST", "/admin/v1/users/" + v.login() + "/confirm-phone-change", null).status())
                .isEqualTo(200);
        assertThat(server.admin("POST", "/admin/v1/users/nobody-here/confirm-phone-change", null).status())
                .isEqualTo(404);
        assertThat(api.requestSms(v.token(), "resetPIN", null, null).status()).isEqualTo(202);
        TestServer.Response reset = api.call("POST", "/api/v1/me/pin/reset",
                "{\"smsCode\":\"" + api.lastCode(next) + "\",\"newPin\":\"4826\"}", v.token());
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(server.verify(v.login(), v.device().otp("4826"), true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void aCodeToTheCurrentPhoneProvesTheChangeButNotDuringTheCoolingOff() {
        Victim v = victim();
        String second = newPhone();
        String code = certify(v.token(), second);
        assertThat(api.requestSms(v.token(), "currentPhoneNumber", null, null).status()).isEqualTo(202);
        String proof = api.lastCode(v.phone());
        TestServer.Response ok = put(v.token(), second, code, "currentPhoneCode", proof);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        // during the cooling-off the (new) current phone proves nothing: someone may hold it; an OTP still does
        String third = newPhone();
        String code3 = certify(v.token(), third);
        assertError(api.requestSms(v.token(), "currentPhoneNumber", null, null), 403, "NOK:FORBIDDEN");
        assertError(put(v.token(), third, code3, "currentPhoneCode", "00000000"), 403, "NOK:FORBIDDEN");
        TestServer.Response back = put(v.token(), third, code3, "otp", v.device().otp("1234"));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        // the cooling-off ends by itself too
        server.clock.advance(Duration.ofHours(24).plusSeconds(1));
        String token = api.login(v.login(), PASSWORD);
        assertThat(api.call("GET", "/api/v1/me/status", null, token).json().get("coolingOffUntil").isNull()).isTrue();
        assertThat(api.requestSms(token, "enrollment", null, null).status()).isEqualTo(202);
    }

    @Test
    void addingAPhoneToAnAccountWithADeviceNeedsAnOtp() {
        String login = "factor" + users.incrementAndGet();
        api.createUser(login, PASSWORD, null);
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(server.activationCode(login, "default"), "2468")).isEqualTo("OK");
        String token = api.login(login, PASSWORD);
        String phone = newPhone();
        String code = certify(token, phone);
        String body = "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + code + "\"";
        assertError(api.call("POST", "/api/v1/me/phone-number", body + "}", token), 403, "NOK:FORBIDDEN");
        assertError(api.call("POST", "/api/v1/me/enrollment/with-phone-number", body + "}", token), 403,
                "NOK:FORBIDDEN");
        TestServer.Response ok = api.call("POST", "/api/v1/me/phone-number",
                body + ",\"otp\":\"" + d.otp("2468") + "\"}", token);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void removingEveryEnrollmentTellsTheTrustedPhone() {
        Victim v = victim();
        TestServer.Response r = api.call("DELETE", "/api/v1/me/enrollments", null, v.token());
        assertThat(r.json().get("removed").asInt()).isEqualTo(1);
        assertThat(api.lastSms(v.phone()).get("text").asText()).contains("was removed");
        assertThat(api.lastSms(v.phone()).get("code").asText()).isEmpty();
    }
}
