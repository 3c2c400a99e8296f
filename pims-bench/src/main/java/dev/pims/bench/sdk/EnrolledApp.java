package dev.pims.bench.sdk;

import dev.pims.sdk.Pims;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.transport.HttpTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Pims facade logged in to a fresh account with an enrolled device, as an app has it before its OTPs. */
final class EnrolledApp {

    static final String PIN = "1357";

    private EnrolledApp() {
    }

    static Pims enroll(String serverUrl, Admin admin, String macid, HttpTransport transport, DeviceStateStore store)
            throws IOException, InterruptedException {
        SecureRandom rnd = new SecureRandom();
        String login = "sdk-bench-" + Long.toHexString(rnd.nextLong() & Long.MAX_VALUE);
        String password = "pw-" + login;
        String phone = "+3361" + String.format("%07d", rnd.nextInt(10_000_000));
        admin.createUser(login, password, phone);
        admin.raiseOtpLimits(macid);
        Pims pims = Pims.builder().transport(transport).deviceStateStore(store).build();
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("clientID", "pims-dev");
        credential.put("clientSecret", "pims-dev-secret");
        credential.put("macID", macid);
        credential.put("inWeboURL", serverUrl);
        credential.put("webviewsRedirectURI", "app://webviews");
        credential.put("loginRedirectURI", "app://login");
        ok(pims.initializeAsync(Map.of("environnement", "Production", "mode", "B2C", "credential", credential,
                "profile", Map.of("brand", "Peugeot"))).join());
        ok(pims.setAsync("pims.authentication.user", Map.of("action", "login", "username", login,
                "password", password)).join());
        ok(pims.getAsync("pims.authentication.smscode", Map.of("type", "enrollment")).join());
        ok(pims.setAsync("pims.authentication.enrollment", Map.of("action", "enroll", "pinCode", PIN,
                "smsCode", admin.newestSmsCode(phone))).join());
        return pims;
    }

    /** The OTP of one PIN-less call; an IllegalStateException with the error (code and label) otherwise. */
    static String otp(Pims pims) {
        Map<String, Object> m = pims.getAsync("pims.authentication.otp", Map.of("action", "withoutPIN")).join();
        return (String) ((Map<?, ?>) ok(m).get("result")).get("otp");
    }

    static Map<String, Object> ok(Map<String, Object> message) {
        if (!"SUCCEEDED".equals(message.get("status"))) {
            throw new IllegalStateException("facade answered " + message.get("error"));
        }
        return message;
    }

    static Path temp(String prefix) throws IOException {
        return java.nio.file.Files.createTempDirectory(prefix);
    }
}
