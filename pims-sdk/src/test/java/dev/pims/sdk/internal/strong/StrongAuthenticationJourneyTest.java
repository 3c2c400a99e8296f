package dev.pims.sdk.internal.strong;

import static dev.pims.sdk.Msg.await;
import static dev.pims.sdk.Msg.failed;
import static dev.pims.sdk.Msg.result;
import static dev.pims.sdk.TestParams.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.TestParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrollment flow of pims-sdk.md section 5 and OTPs, against {@link FakePimsServer}. */
class StrongAuthenticationJourneyTest {

    @TempDir
    Path storage;

    private final FakePimsServer server;
    private final Pims pims = new Pims();

    StrongAuthenticationJourneyTest() throws IOException {
        server = new FakePimsServer();
    }

    @AfterEach
    void close() {
        pims.close();
        server.close();
    }

    private Map<String, Object> get(String api, Map<String, ?> p) {
        return await(pims.getAsync(api, p));
    }

    private Map<String, Object> set(String api, Map<String, ?> p) {
        return await(pims.setAsync(api, p));
    }

    private void loginAndEnroll(String pin) {
        Map<String, Object> init = TestParams.init(server.url());
        init.put("storage", of("path", storage.toString()));
        result(await(pims.initializeAsync(init)));
        result(set("pims.authentication.user", of("action", "login", "username", "alice", "password", "pw")));
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.FALSE);
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isAccountBlocked"))))
                .containsEntry("isAccountBlocked", "NotBlocked");
        assertThat(result(get("pims.authentication.trustedphonenumber", null)))
                .containsEntry("phoneNumber", "+33612345678");
        assertThat(result(get("pims.authentication.smscode", of("type", "enrollment")))).isEmpty();
        String code = server.smsOutbox.get(server.smsOutbox.size() - 1);
        failed(set("pims.authentication.smscode", of("action", "enrollment", "smsCode", "99")), 2305,
                "The sms code is invalid");
        assertThat(result(set("pims.authentication.smscode", of("action", "enrollment", "smsCode",
                Integer.valueOf(code))))).containsEntry("status", "NotEnrolled");
        result(set("pims.authentication.enrollment", of("action", "enroll", "pinCode", pin)));
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.TRUE);
    }

    private String otp(String action, Object pin) {
        Map<String, Object> p = pin == null ? of("action", action) : of("action", action, "pinCode", pin);
        return (String) result(get("pims.authentication.otp", p)).get("otp");
    }

    @Test
    void enrollThenOtpWithAndWithoutPin() throws IOException {
        loginAndEnroll("1234");
        String otp = otp("withPIN", "1234");
        assertThat(otp).isEqualTo(server.lastOtp).matches("[a-z0-9]{1,8}");
        assertThat(server.lastPinVerified).isTrue();
        assertThat(otp("withPIN", 1234)).isEqualTo(server.lastOtp);
        assertThat(otp("withoutPIN", null)).isEqualTo(server.lastOtp);
        assertThat(server.lastPinVerified).isFalse();
        failed(get("pims.authentication.otp", of("action", "withPIN", "pinCode", "9999")), 2308,
                "inwebo: access refused");
        failed(get("pims.authentication.otp", of("action", "withPIN")), 2101, "Missing pinCode parameter");

        // the state file: one per (macid, login), 0600, versioned, no PIN
        List<Path> files;
        try (Stream<Path> s = Files.list(storage)) {
            files = s.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.get(0)))).isEqualTo("rw-------");
        String text = new String(Files.readAllBytes(files.get(0)), StandardCharsets.UTF_8);
        assertThat(text).contains("\"formatVersion\":1").contains(server.deviceId).doesNotContain("\"1234\"");
    }

    @Test
    void anUnreadableStateFileIs2000NeverNotEnrolled() throws IOException {
        loginAndEnroll("1234");
        assertThat(otp("withoutPIN", null)).isEqualTo(server.lastOtp);
        Path file;
        try (Stream<Path> s = Files.list(storage)) {
            file = s.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 1; // both slots' payloads: neither digest matches any more
        bytes[bytes.length / 2 + 40] ^= 1;
        Files.write(file, bytes);
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2000, "Unknown error");
        failed(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated")), 2000);
    }

    @Test
    void secondEnrollmentOnTheAccountReportsAlreadyEnrolled() {
        loginAndEnroll("2468");
        result(get("pims.authentication.smscode", of("type", "enrollment")));
        String code = server.smsOutbox.get(server.smsOutbox.size() - 1);
        assertThat(result(set("pims.authentication.smscode", of("action", "enrollment", "smsCode", code))))
                .containsEntry("status", "AlreadyEnrolled");
        failed(set("pims.authentication.enrollment", of("action", "enroll", "pinCode", "1111", "smsCode", code)),
                2308);
        result(set("pims.authentication.enrollment", of("action", "enroll", "pinCode", "2468", "smsCode", code)));
        assertThat(otp("withPIN", "2468")).isEqualTo(server.lastOtp);
    }

    @Test
    void ratchetsJRoundsAndUnknownElementsAreApplied() {
        loginAndEnroll("1234");
        server.sendDK1 = true;
        server.jRounds = 2;
        int before = server.otpFinalizes;
        assertThat(otp("withPIN", "1234")).isEqualTo(server.lastOtp);
        assertThat(server.otpFinalizes - before).isEqualTo(3);
        // the ratcheted K1 was saved: the next OTP still proves R1
        assertThat(otp("withoutPIN", null)).isEqualTo(server.lastOtp);
    }

    @Test
    void newK0AndK1InAnOtpAnswerAreDecryptedAndKept() {
        loginAndEnroll("1234");
        server.rekey = true;
        server.sendDK1 = true;
        String oldK1 = server.k1;
        assertThat(otp("withPIN", "1234")).isEqualTo(server.lastOtp);
        assertThat(server.k1).isNotEqualTo(oldK1);
        server.rekey = false;
        assertThat(otp("withoutPIN", null)).isEqualTo(server.lastOtp);
    }

    @Test
    void deviceGetModeForVendorServers() {
        try (Pims post = Pims.builder().devicePost(false).build()) {
            result(await(post.initializeAsync(TestParams.init(server.url()))));
            result(await(post.setAsync("pims.authentication.user",
                    of("action", "login", "username", "alice", "password", "pw"))));
            result(await(post.getAsync("pims.authentication.smscode", of("type", "enrollment"))));
            result(await(post.setAsync("pims.authentication.enrollment",
                    of("action", "enroll", "pinCode", "1234", "smsCode", server.activationCode))));
            assertThat(server.lastMethod).isEqualTo("GET");
            Map<String, Object> otp = await(post.getAsync("pims.authentication.otp", of("action", "withoutPIN")));
            assertThat(result(otp)).containsEntry("otp", server.lastOtp);
        }
    }

    @Test
    void endlessJIsBounded() {
        loginAndEnroll("1234");
        server.alwaysJ = true;
        int before = server.otpFinalizes;
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2311);
        assertThat(server.otpFinalizes - before).isEqualTo(3);
    }

    @Test
    void concurrentOtpsOnOneDeviceAreSerialized() {
        loginAndEnroll("1234");
        server.sendDK1 = true;
        List<CompletableFuture<Map<String, Object>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(pims.getAsync("pims.authentication.otp", of("action", "withPIN", "pinCode", "1234")));
        }
        HashSet<Object> otps = new HashSet<>();
        for (CompletableFuture<Map<String, Object>> f : all) {
            otps.add(result(await(f)).get("otp"));
        }
        assertThat(otps).hasSize(8);
        assertThat(otp("withPIN", "1234")).isEqualTo(server.lastOtp);
    }

    @Test
    void msStepFailureIs2316() {
        Map<String, Object> init = TestParams.init(server.url());
        result(await(pims.initializeAsync(init)));
        result(set("pims.authentication.user", of("action", "login", "username", "alice", "password", "pw")));
        result(get("pims.authentication.smscode", of("type", "enrollment")));
        server.msError = "NOK:STATE";
        failed(set("pims.authentication.enrollment", of("action", "enroll", "pinCode", "1234", "smsCode",
                server.activationCode)), 2316,
                "inwebo: the operation succeeded but it required a post-synchronization which failed");
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.FALSE);
        failed(set("pims.authentication.enrollment", of("action", "enroll", "pinCode", "1234")), 2101,
                "Missing smsCode parameter");
    }

    @Test
    void removedDeviceAndResetStep() {
        loginAndEnroll("1234");
        server.removed = true;
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2312,
                "inwebo: device is disabled or unknown");
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.TRUE);
        failed(get("pims.authentication.otp", of("action", "withoutPIN", "resetStep", true)), 2312);
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.FALSE);
    }

    @Test
    void removeAllEnrollments() {
        loginAndEnroll("1234");
        result(set("pims.authentication.enrollment", of("action", "remove")));
        assertThat(server.removed).isTrue();
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated"))))
                .containsEntry("isDeviceActivated", Boolean.FALSE);
        failed(get("pims.authentication.otp", of("action", "withPIN", "pinCode", "1234")), 2312);
    }

    @Test
    void pinUpdateAndAccountStatusFailures() {
        loginAndEnroll("1234");
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", "1111", "newPIN", "5678")), 2308);
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", "1234", "newPIN", "567")), 2102,
                "Invalid newPIN parameter");
        result(set("pims.authentication.pincode", of("action", "update", "oldPIN", "1234", "newPIN", "5678")));
        assertThat(otp("withPIN", "5678")).isEqualTo(server.lastOtp);
        server.statusCode = 500;
        assertThat(result(get("pims.authentication.account", of("actionType", "strong", "type", "isAccountBlocked"))))
                .containsEntry("isAccountBlocked", "Unknown");
        failed(get("pims.authentication.trustedphonenumber", null), 2204);
    }

    @Test
    void basicAuthenticationTokensAndLogout() {
        result(await(pims.initializeAsync(TestParams.init(server.url()))));
        failed(get("pims.authentication.token", of("type", "cvs")), 2301);
        failed(set("pims.authentication.user", of("action", "login", "username", "alice", "password", "bad")), 2301);
        CompletableFuture<Map<String, Object>> event = new CompletableFuture<>();
        CompletableFuture<Map<String, Object>> ack = new CompletableFuture<>();
        pims.subscribe("pims.authentication.user", null, m -> {
            if (!ack.complete(m)) {
                event.complete(m);
            }
        });
        result(await(ack));
        result(set("pims.authentication.user", of("action", "login", "username", "alice", "password", "pw")));
        Map<String, Object> e = await(event);
        assertThat(e.get("status")).isEqualTo("RESULT");
        assertThat(e.get("transactionId")).isEqualTo(await(ack).get("transactionId"));
        assertThat(e.get("result")).isEqualTo(of("event", "login", "username", "alice"));
        assertThat(result(get("pims.authentication.account", of("actionType", "basic", "type", "username"))))
                .containsEntry("username", "alice");
        assertThat(result(get("pims.authentication.token", of("type", "customerAt", "action", "get"))))
                .containsEntry("type", "customerAt").containsEntry("token", server.accessToken);
        assertThat(result(get("pims.authentication.token", of("type", "idtoken"))))
                .containsEntry("token", "idt");
        result(set("pims.authentication.user", of("action", "logout")));
        failed(get("pims.authentication.account", of("actionType", "basic", "type", "username")), 2301);
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2301);
    }
}
