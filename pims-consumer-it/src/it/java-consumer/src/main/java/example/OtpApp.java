package example;

import dev.pims.sdk.Pims;
import java.util.Map;

/** A tiny app on the public API of pims-sdk: log in, enroll this device, then PIN-less OTPs. */
public final class OtpApp implements AutoCloseable {
    private final Pims pims = new Pims();

    public OtpApp(String serverUrl, String username, String password) {
        ok(pims.initializeAsync(Map.of("environnement", "Production", "mode", "B2C",
                "credential", Map.of("clientID", "pims-dev", "clientSecret", "pims-dev-secret", "macID", "default",
                        "inWeboURL", serverUrl, "webviewsRedirectURI", "app://w", "loginRedirectURI", "app://l"),
                "profile", Map.of("brand", "Peugeot"))).join());
        ok(pims.setAsync("pims.authentication.user",
                Map.of("action", "login", "username", username, "password", password)).join());
    }

    public void requestEnrollmentSms() {
        ok(pims.getAsync("pims.authentication.smscode", Map.of("type", "enrollment")).join());
    }

    public void enroll(String smsCode, String pin) {
        ok(pims.setAsync("pims.authentication.enrollment", Map.of("action", "enroll", "pinCode", pin,
                "smsCode", smsCode)).join());
    }

    public String otp() {
        Map<String, Object> m = ok(pims.getAsync("pims.authentication.otp", Map.of("action", "withoutPIN")).join());
        return (String) ((Map<?, ?>) m.get("result")).get("otp");
    }

    private static Map<String, Object> ok(Map<String, Object> m) {
        if (!"SUCCEEDED".equals(m.get("status"))) {
            throw new IllegalStateException(String.valueOf(m.get("error")));
        }
        return m;
    }

    @Override
    public void close() {
        pims.close();
    }
}
