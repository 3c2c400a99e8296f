package dev.pims.sdk.internal.strong;

import static dev.pims.sdk.Msg.await;
import static dev.pims.sdk.Msg.failed;
import static dev.pims.sdk.Msg.result;
import static dev.pims.sdk.TestParams.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.TestParams;
import dev.pims.sdk.internal.json.Json;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account-API requests the SDK sends (notes/account-api.md), with canned answers. */
class AccountRequestsTest {

    private static final String BASE = "http://acct.test";

    private final List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, HttpOutcome> answers = new ConcurrentHashMap<>();
    private final Pims pims = Pims.builder().transport(this::answer).build();

    private HttpOutcome answer(HttpRequest r) {
        sent.add(r);
        String path = r.url().substring(BASE.length());
        int q = path.indexOf('?');
        String key = r.method() + " " + (q < 0 ? path : path.substring(0, q));
        return answers.getOrDefault(key, HttpOutcome.Response.of(404, "{\"error\":\"NOK:SN\"}"));
    }

    private void on(String key, int status, String body) {
        answers.put(key, HttpOutcome.Response.of(status, body));
    }

    private HttpRequest last() {
        return sent.get(sent.size() - 1);
    }

    private static Map<String, Object> json(HttpRequest r) throws Exception {
        return Json.parseObject(new String(r.body(), StandardCharsets.UTF_8));
    }

    @BeforeEach
    void login() {
        on("POST /api/v1/oauth/token", 200, "{\"access_token\":\"at1\",\"expires_in\":3600,\"refresh_token\":\"rt1\"}");
        result(await(pims.initializeAsync(TestParams.init(BASE))));
        result(await(pims.setAsync("pims.authentication.user", of("action", "login", "username", "bob",
                "password", "secret pw&="))));
        String form = new String(last().body(), StandardCharsets.UTF_8);
        assertThat(form).isEqualTo("grant_type=password&username=bob&password=secret+pw%26%3D"
                + "&client_id=pims-dev&client_secret=pims-dev-secret");
        assertThat(last().headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded")
                .containsEntry("X-Pims-Macid", "demo");
    }

    @AfterEach
    void close() {
        pims.close();
    }

    private Map<String, Object> get(String api, Map<String, ?> p) {
        return await(pims.getAsync(api, p));
    }

    private Map<String, Object> set(String api, Map<String, ?> p) {
        return await(pims.setAsync(api, p));
    }

    @Test
    void smsCodeRequests() throws Exception {
        on("POST /api/v1/me/sms-codes", 202, "{\"expiresAt\":\"2030-01-01T00:00:00Z\"}");
        assertThat(result(get("pims.authentication.smscode", of("type", "phoneNumberCertification",
                "phoneNumber", "+33 6 12 34 56 78")))).isEmpty();
        assertThat(last().method()).isEqualTo("POST");
        assertThat(last().headers()).containsEntry("Authorization", "Bearer at1")
                .containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(json(last())).isEqualTo(of("type", "phoneNumberCertification", "phoneNumber", "+33612345678"));
        result(get("pims.authentication.smscode", of("type", "resetPIN")));
        assertThat(json(last())).isEqualTo(of("type", "resetPIN"));
        failed(get("pims.authentication.smscode", of("type", "phoneNumberCertification")), 2101,
                "Missing phoneNumber parameter");
        on("POST /api/v1/me/sms-codes", 404, "{\"error\":\"NOK:NOPHONE\"}");
        failed(get("pims.authentication.smscode", of("type", "enrollment")), 2307, "User dont have a phone number");
        on("POST /api/v1/me/sms-codes", 400, "{\"error\":\"NOK:SN\",\"field\":\"phoneNumber\"}");
        failed(get("pims.authentication.smscode", of("type", "phoneNumberCertification", "phoneNumber", 612345678L)),
                2102, "Invalid phoneNumber parameter");
    }

    @Test
    void phoneNumberAddUnderTypeOrActionAndModify() throws Exception {
        on("POST /api/v1/me/phone-number", 200, "{\"phoneNumber\":\"+33612345678\"}");
        on("PUT /api/v1/me/phone-number", 200, "{\"phoneNumber\":\"+33612345678\"}");
        result(set("pims.authentication.smscode", of("type", "addPhoneNumber", "smsCode", 12345678,
                "phoneNumber", "+33612345678")));
        assertThat(json(last())).isEqualTo(of("phoneNumber", "+33612345678", "smsCode", "12345678"));
        result(set("pims.authentication.smscode", of("action", "addPhoneNumber", "smsCode", "12345678",
                "phoneNumber", "+33612345678")));
        assertThat(last().method()).isEqualTo("POST");
        result(set("pims.authentication.smscode", of("type", "modifyPhoneNumber", "smsCode", "12345678",
                "phoneNumber", "+33612345678")));
        assertThat(last().method()).isEqualTo("PUT");
        on("POST /api/v1/me/phone-number", 409, "{\"error\":\"NOK:PHONEEXISTS\"}");
        failed(set("pims.authentication.smscode", of("type", "addPhoneNumber", "smsCode", "1",
                "phoneNumber", "+33612345678")), 2390, "Phone number allready registered");
        on("PUT /api/v1/me/phone-number", 400, "{\"error\":\"NOK:CODEEXPIRED\"}");
        failed(set("pims.authentication.smscode", of("type", "modifyPhoneNumber", "smsCode", "1",
                "phoneNumber", "+33612345678")), 2306, "The sms code is expired");
        on("PUT /api/v1/me/phone-number", 403, "{\"error\":\"NOK:BLOCKED\"}");
        failed(set("pims.authentication.smscode", of("type", "modifyPhoneNumber", "smsCode", "1",
                "phoneNumber", "+33612345678")), 2310, "inwebo: account is blocked ");
        failed(set("pims.authentication.smscode", of("type", "addPhoneNumber", "smsCode", "1")), 2101,
                "Missing phoneNumber parameter");
    }

    @Test
    void pinResetAndUpdateBodies() throws Exception {
        on("POST /api/v1/me/pin/reset", 200, "{}");
        result(set("pims.authentication.pincode", of("action", "reset", "pinCode", 4321, "smsCode", "55554444")));
        assertThat(json(last())).isEqualTo(of("smsCode", "55554444", "newPin", "4321"));
        on("POST /api/v1/me/pin/reset", 400, "{\"error\":\"NOK:PINREFUSED\",\"field\":\"newPin\"}");
        failed(set("pims.authentication.pincode", of("action", "reset", "pinCode", "1", "smsCode", "5")), 2102,
                "Invalid pinCode parameter");
        on("POST /api/v1/me/pin/update", 400, "{\"error\":\"NOK:PINREUSED\"}");
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", "1234", "newPIN", "4321")), 2315);
        assertThat(json(last())).isEqualTo(of("oldPin", "1234", "newPin", "4321"));
    }

    @Test
    void enrollWithPhoneNumberUsesTheReturnedActivationCode() throws Exception {
        on("POST /api/v1/me/enrollment/with-phone-number", 200, "{\"activationCode\":\"87654321\"}");
        on("POST /iwws/MAC", 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ActionSetup><err>NOK:MAXNBTOOLS</err>"
                + "</ActionSetup>");
        failed(set("pims.authentication.enrollment", of("action", "enrollWithPhoneNumber", "pinCode", "1234",
                "smsCode", "11112222", "phoneNumber", "+33612345678")), 2317);
        HttpRequest mac = last();
        assertThat(mac.url()).isEqualTo(BASE + "/iwws/MAC");
        assertThat(new String(mac.body(), StandardCharsets.UTF_8)).startsWith("action=ActionSetup&mode=activate&")
                .contains("macid=demo").contains("code=87654321");
        assertThat(json(sent.get(sent.size() - 2))).isEqualTo(of("phoneNumber", "+33612345678", "smsCode", "11112222"));
        on("POST /api/v1/me/enrollment/with-phone-number", 409, "{\"error\":\"NOK:PHONEEXISTS\"}");
        failed(set("pims.authentication.enrollment", of("action", "enrollWithPhoneNumber", "pinCode", "1234",
                "smsCode", "11112222", "phoneNumber", "+33612345678")), 2390);
        failed(set("pims.authentication.enrollment", of("action", "enrollWithPhoneNumber", "pinCode", "1234",
                "smsCode", "11112222")), 2101, "Missing phoneNumber parameter");
    }

    @Test
    void expiredBearerIsRefreshedOnceThenRetried() {
        on("GET /api/v1/me/phone-number", 401, "{\"error\":\"NOK:UNAUTHENTICATED\"}");
        on("POST /api/v1/oauth/token", 200, "{\"access_token\":\"at2\",\"expires_in\":3600}");
        failed(get("pims.authentication.trustedphonenumber", null), 2301);
        HttpRequest retry = last();
        assertThat(retry.headers()).containsEntry("Authorization", "Bearer at2");
        assertThat(new String(sent.get(sent.size() - 2).body(), StandardCharsets.UTF_8))
                .startsWith("grant_type=refresh_token&refresh_token=rt1&");
        on("GET /api/v1/me/phone-number", 200, "{\"phoneNumber\":\"+33700000000\"}");
        assertThat(result(get("pims.authentication.trustedphonenumber", null)))
                .containsEntry("phoneNumber", "+33700000000");
        assertThat(result(get("pims.authentication.token", of("type", "cvs", "action", "refresh"))))
                .containsEntry("token", "at2");
    }

    @Test
    void unknownErrorNamesAndNonJsonErrorsAre2203() {
        on("GET /api/v1/me/phone-number", 400, "{\"error\":\"NOK:WHATEVER\"}");
        failed(get("pims.authentication.trustedphonenumber", null), 2203);
        on("GET /api/v1/me/phone-number", 400, "Bad Request");
        failed(get("pims.authentication.trustedphonenumber", null), 2203);
        on("GET /api/v1/me/phone-number", 200, "{\"phoneNumber\":12}");
        failed(get("pims.authentication.trustedphonenumber", null), 2307);
    }
}
