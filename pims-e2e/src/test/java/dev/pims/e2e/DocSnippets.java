package dev.pims.e2e;

import dev.pims.sdk.Pims;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Java snippets of docs/sdk.md, compiled by the build: each region between {@code snippet:begin} and
 * {@code snippet:end} is a block of the document, character for character (DocSnippetsTest checks it), and
 * DocSnippetsE2eTest runs them against the in-process server.
 */
final class DocSnippets {

    private DocSnippets() {
    }

    static Pims setUp(Executor mainThreadExecutor, String serverUrl, String clientSecret, Path filesDir,
                      String username, String password) {
        // snippet:begin setup
        Pims pims = Pims.builder()
                .callbackExecutor(mainThreadExecutor)   // default: one SDK thread, never the caller's thread
                .build();                               // new Pims() gives the defaults
        Map<String, Object> init = pims.initializeAsync(Map.of(
                "environnement", "Production",
                "mode", "B2C",
                "credential", Map.of(
                        "clientID", "pims-dev", "clientSecret", clientSecret,
                        "macID", "default",                  // the integration on the server
                        "inWeboURL", serverUrl,              // device protocol: {inWeboURL}/iwws/MAC
                        "serverURL", serverUrl,              // account API (extension; default inWeboURL)
                        "webviewsRedirectURI", "app://webviews", "loginRedirectURI", "app://login"),
                "profile", Map.of("brand", "Peugeot"),
                "storage", Map.of("path", filesDir + "/pims")))   // extension: device state directory
                .join();
        Map<String, Object> login = pims.setAsync("pims.authentication.user",
                Map.of("action", "login", "username", username, "password", password)).join();
        // snippet:end
        if (!"SUCCEEDED".equals(init.get("status")) || !"SUCCEEDED".equals(login.get("status"))) {
            throw new IllegalStateException("set-up failed: " + init + " " + login);
        }
        return pims;
    }

    static String enrollThenOtp(Pims pims, App app) {
        // snippet:begin enrollment
        Map<String, Object> r = pims.getAsync("pims.authentication.account",
                Map.of("actionType", "strong", "type", "isDeviceActivated")).join();
        Map<?, ?> result = (Map<?, ?>) r.get("result");          // null when FAILED: then see r.get("error")
        if (!Boolean.TRUE.equals(result.get("isDeviceActivated"))) {
            // 2. blocked? then remove the enrollments and start again
            r = pims.getAsync("pims.authentication.account",
                    Map.of("actionType", "strong", "type", "isAccountBlocked")).join();
            if ("PinBlocked".equals(((Map<?, ?>) r.get("result")).get("isAccountBlocked"))) {
                pims.setAsync("pims.authentication.enrollment", Map.of("action", "remove")).join();
            }
            // 3. a trusted phone? FAILED 2307 means none: certify one
            r = pims.getAsync("pims.authentication.trustedphonenumber", Map.of()).join();
            if ("FAILED".equals(r.get("status"))) {
                String phone = app.askUser("your phone number");
                pims.getAsync("pims.authentication.smscode",
                        Map.of("type", "phoneNumberCertification", "phoneNumber", phone)).join();
                pims.setAsync("pims.authentication.smscode", Map.of("type", "addPhoneNumber",
                        "smsCode", app.askUser("the code in the SMS"), "phoneNumber", phone)).join();
            }
            // 5. the enrollment SMS, 6. its check
            pims.getAsync("pims.authentication.smscode", Map.of("type", "enrollment")).join();
            r = pims.setAsync("pims.authentication.smscode",
                    Map.of("action", "enrollment", "smsCode", app.askUser("the code in the SMS"))).join();
            // "AlreadyEnrolled": ask for the account's PIN; "NotEnrolled": let the user choose one
            boolean hasPin = "AlreadyEnrolled".equals(((Map<?, ?>) r.get("result")).get("status"));
            String pin = app.askUser(hasPin ? "your PIN" : "a new PIN");
            // 7. activation of this device
            r = pims.setAsync("pims.authentication.enrollment", Map.of("action", "enroll", "pinCode", pin)).join();
            // FAILED without 2317: let the user retry the PIN; 2317: remove enrollments and start again
        }
        r = pims.getAsync("pims.authentication.otp", Map.of("action", "withoutPIN")).join(); // or withPIN, pinCode
        String otp = (String) ((Map<?, ?>) r.get("result")).get("otp");
        app.sendToRelyingParty(otp);
        // snippet:end
        return otp;
    }
}
