package dev.pims.cli.demo;

import static dev.pims.cli.FacadeCalls.errorCode;
import static dev.pims.cli.FacadeCalls.result;
import static dev.pims.cli.FacadeCalls.succeeded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.cli.AdminApi;
import dev.pims.cli.FacadeCalls;
import dev.pims.cli.SdkParams;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's steps, in the order apps follow (pims-sdk.md section 5): log in, enroll through the full path with SMS
 * codes read from the development outbox, get one OTP without and one with PIN, verify them as a relying party,
 * then show an error. Each step checks what it got; the first surprise stops the journey.
 */
final class DemoJourney {
    private static final String OTP = "pims.authentication.otp";
    private static final String ACCOUNT = "pims.authentication.account";
    private static final String SMSCODE = "pims.authentication.smscode";
    private static final String PHONE = "+33612345678";
    private static final String PIN = "1234";

    private final FacadeCalls facade;
    private final AdminApi admin;
    private final String serverUrl;
    private final Path storage;
    private final String login;
    private final String password;

    DemoJourney(FacadeCalls facade, AdminApi admin, String serverUrl, Path storage) {
        this.facade = facade;
        this.admin = admin;
        this.serverUrl = serverUrl;
        this.storage = storage;
        SecureRandom rnd = new SecureRandom();
        this.login = "demo-" + Integer.toHexString(rnd.nextInt() & 0xfffff);
        this.password = "pw-" + Long.toHexString(rnd.nextLong());
    }

    boolean run() throws IOException, InterruptedException {
        facade.say("An administrator creates the user " + login + " (admin API)");
        admin.createUser(login, password);

        facade.say("The app initializes the facade and logs the user in");
        check(succeeded(facade.initialize(SdkParams.initialize(serverUrl, "default", storage,
                SdkParams.DEV_CLIENT_ID, SdkParams.DEV_CLIENT_SECRET))), "initialize");
        check(succeeded(facade.set("pims.authentication.user",
                params("action", "login", "username", login, "password", password))), "login");

        facade.say("Enrollment, step 1-3: is the device activated? is the account blocked? trusted phone?");
        check(Boolean.FALSE.equals(result(facade.get(ACCOUNT,
                params("actionType", "strong", "type", "isDeviceActivated"))).get("isDeviceActivated")), "not activated yet");
        check("NotBlocked".equals(result(facade.get(ACCOUNT,
                params("actionType", "strong", "type", "isAccountBlocked"))).get("isAccountBlocked")), "not blocked");
        check(errorCode(facade.get("pims.authentication.trustedphonenumber", params())) == 2307, "no phone yet: 2307");
        facade.expected("a new account has no trusted phone yet (2307); the next step adds one");

        facade.say("Step 4: certify a phone number with an SMS code and add it");
        check(succeeded(facade.get(SMSCODE, params("type", "phoneNumberCertification", "phoneNumber", PHONE))),
                "certification SMS");
        String certification = sms("phoneNumberCertification");
        check(succeeded(facade.set(SMSCODE, params("type", "addPhoneNumber", "smsCode", certification,
                "phoneNumber", PHONE))), "add phone number");

        facade.say("Step 5-6: an enrollment SMS code, checked: does the account already have a PIN?");
        check(succeeded(facade.get(SMSCODE, params("type", "enrollment"))), "enrollment SMS");
        String enrollmentCode = sms("enrollment");
        check("NotEnrolled".equals(result(facade.set(SMSCODE, params("action", "enrollment", "smsCode",
                enrollmentCode))).get("status")), "NotEnrolled");

        facade.say("Step 7: enroll with a new PIN (activation on the device protocol)");
        check(succeeded(facade.set("pims.authentication.enrollment", params("action", "enroll", "pinCode", PIN,
                "smsCode", enrollmentCode))), "enroll");
        check(Boolean.TRUE.equals(result(facade.get(ACCOUNT,
                params("actionType", "strong", "type", "isDeviceActivated"))).get("isDeviceActivated")), "activated");

        facade.say("One-time passwords: one with PIN, two without");
        String withPin = otp(facade.get(OTP, params("action", "withPIN", "pinCode", PIN)));
        String withoutPin = otp(facade.get(OTP, params("action", "withoutPIN")));
        String withoutPin2 = otp(facade.get(OTP, params("action", "withoutPIN")));

        facade.say("A relying party verifies them (POST /api/v1/otp/verify)");
        check(verify(withPin, true, "OK"), "the PIN-proving OTP verifies, PIN proven");
        check(verify(withPin, true, "NOK"), "its replay is refused");
        facade.expected("an OTP verifies once; its replay is refused");
        check(verify(withoutPin, true, "NOK"), "a PIN-less OTP is refused where the PIN is required");
        facade.expected("this relying party requires the PIN, and this OTP did not prove it");
        check(verify(withoutPin2, false, "OK"), "a PIN-less OTP is accepted where the PIN is not required");

        facade.say("An expected error: an OTP with a wrong PIN");
        check(errorCode(facade.get(OTP, params("action", "withPIN", "pinCode", "9999"))) == 2308, "2308");
        facade.expected("the PIN is wrong (2308); the account counts PIN errors and locks after too many");

        facade.release();
        facade.say("Done: every step behaved as documented.");
        return true;
    }

    private String sms(String what) throws IOException, InterruptedException {
        JsonNode sms = admin.newestSms(PHONE);
        facade.say("(the " + what + " SMS arrived in the development outbox: " + sms.path("text").asText()
                .replaceAll("\\d{4,}", "********") + ")");
        return sms.get("code").asText();
    }

    private boolean verify(String otp, boolean requirePin, String expected) throws IOException, InterruptedException {
        JsonNode answer = admin.verify(login, otp, requirePin);
        System.out.println("-> POST /api/v1/otp/verify {\"login\":\"" + login + "\",\"otp\":\"" + otp
                + "\",\"requirePin\":" + requirePin + "}");
        System.out.println("<- " + answer);
        return expected.equals(answer.path("result").asText());
    }

    private static String otp(Map<String, Object> message) {
        check(succeeded(message), "OTP");
        Object otp = result(message).get("otp");
        check(otp instanceof String s && !s.isEmpty(), "an OTP in the result");
        return (String) otp;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new DemoFailed(what);
        }
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put((String) keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    /** A step did not behave as documented. */
    static final class DemoFailed extends RuntimeException {
        DemoFailed(String step) {
            super("unexpected answer at step: " + step);
        }
    }
}
