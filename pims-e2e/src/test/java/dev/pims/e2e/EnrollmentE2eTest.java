package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;
import static dev.pims.e2e.E2eAssert.ok;
import static dev.pims.e2e.E2eAssert.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pims-sdk.md section 5, both paths, against the real server. */
class EnrollmentE2eTest extends E2eBase {

    @Test
    void fullPathPhoneCertificationAddPhoneThenEnrollWithNewPin() {
        Account a = newAccount(false);
        Sdk s = loggedIn(a, "default");
        assertThat(s.isDeviceActivated()).isFalse();
        assertThat(result(s.get(Sdk.ACCOUNT, "actionType", "strong", "type", "isAccountBlocked")))
                .isEqualTo(Map.of("isAccountBlocked", "NotBlocked"));
        failed(s.get(Sdk.PHONE), 2307);

        assertThat(result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", a.phone()))).isEmpty();
        String certification = server.newestSmsCode(a.phone());
        ok(s.set(Sdk.SMS, "type", "addPhoneNumber", "smsCode", certification, "phoneNumber", a.phone()));
        assertThat(result(s.getByCallback(Sdk.PHONE))).isEqualTo(Map.of("phoneNumber", a.phone()));

        assertThat(result(s.get(Sdk.SMS, "type", "enrollment"))).isEmpty();
        String code = server.newestSmsCode(a.phone());
        assertThat(result(s.set(Sdk.SMS, "action", "enrollment", "smsCode", code)))
                .isEqualTo(Map.of("status", "NotEnrolled"));
        ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN));
        assertThat(s.isDeviceActivated()).isTrue();

        String otp = s.otpWithPin(PIN);
        assertThat(server.verify(a.login(), otp, true).get("pinVerified").asBoolean()).isTrue();
    }

    @Test
    void addPhoneNumberUnderActionToo() {
        Account a = newAccount(false);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", a.phone()));
        ok(s.set(Sdk.SMS, "action", "addPhoneNumber", "smsCode", server.newestSmsCode(a.phone()),
                "phoneNumber", a.phone()));
        assertThat(result(s.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(a.phone());
    }

    @Test
    void shortcutEnrollWithPhoneNumber() {
        Account a = newAccount(false);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", a.phone()));
        ok(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN,
                "smsCode", server.newestSmsCode(a.phone()), "phoneNumber", a.phone()));
        assertThat(s.isDeviceActivated()).isTrue();
        assertThat(result(s.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(a.phone());
        assertThat(server.verify(a.login(), s.otpWithoutPin(), false).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void secondDeviceOfTheSameAccountIsAlreadyEnrolledAndUsesTheAccountPin() {
        Account a = newAccount(true);
        Sdk first = enrolled(a);
        Sdk second = loggedIn(a);
        assertThat(second.isDeviceActivated()).isFalse();
        result(second.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        assertThat(result(second.set(Sdk.SMS, "action", "enrollment", "smsCode", code)))
                .isEqualTo(Map.of("status", "AlreadyEnrolled"));
        // a wrong PIN is refused (2308) and charges a try, the account's PIN works
        failed(second.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", "9999", "smsCode", code), 2308);
        ok(second.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code));
        assertThat(server.user(a.login()).get("devices")).hasSize(2);
        assertThat(server.verify(a.login(), second.otpWithPin(PIN), true).get("pinVerified").asBoolean()).isTrue();
        assertThat(server.verify(a.login(), first.otpWithPin(PIN), true).get("pinVerified").asBoolean()).isTrue();
    }

    @Test
    void blockedAccountRemoveEnrollmentsThenRestart() {
        // the server's own "default" integration (2048-bit keys, 5 wrong PINs block)
        Account a = newAccount(true);
        Sdk s = enrolled(a, "default");
        for (int i = 0; i < 4; i++) {
            server.clock.advance(Duration.ofMinutes(5)); // past the temporary lock of the previous error
            failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", "0000"), 2308);
        }
        server.clock.advance(Duration.ofMinutes(5));
        failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", "0000"), 2310);
        assertThat(result(s.get(Sdk.ACCOUNT, "actionType", "strong", "type", "isAccountBlocked")))
                .isEqualTo(Map.of("isAccountBlocked", "PinBlocked"));
        // step 8 of the flow: enrolling on a blocked account is refused with 2310
        result(s.get(Sdk.SMS, "type", "enrollment"));
        failed(s.set(Sdk.SMS, "action", "enrollment", "smsCode", server.newestSmsCode(a.phone())), 2310);

        ok(s.set(Sdk.ENROLLMENT, "action", "remove"));
        assertThat(s.isDeviceActivated()).isFalse();
        assertThat(server.user(a.login()).get("devices")).isEmpty();
        // the account stays PinBlocked (remove does not unblock); a PIN reset by SMS unblocks it
        result(s.get(Sdk.SMS, "type", "resetPIN"));
        ok(s.set(Sdk.PIN, "action", "reset", "pinCode", "2468", "smsCode", server.newestSmsCode(a.phone())));
        assertThat(result(s.get(Sdk.ACCOUNT, "actionType", "strong", "type", "isAccountBlocked")))
                .isEqualTo(Map.of("isAccountBlocked", "NotBlocked"));
        // restart at step 3
        assertThat(result(s.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(a.phone());
        result(s.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        assertThat(result(s.set(Sdk.SMS, "action", "enrollment", "smsCode", code)))
                .isEqualTo(Map.of("status", "AlreadyEnrolled"));
        ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", "2468"));
        assertThat(server.verify(a.login(), s.otpWithPin("2468"), true).get("pinVerified").asBoolean()).isTrue();
    }

    @Test
    void smsCodeErrorsWrongUsedExpired() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        failed(s.set(Sdk.SMS, "action", "enrollment", "smsCode", "00000000"), 2305);
        failed(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", "00000000"), 2305);
        ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code));
        // used
        Sdk other = loggedIn(a);
        failed(other.set(Sdk.SMS, "action", "enrollment", "smsCode", code), 2305);
        failed(other.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code), 2305);
        // expired (default lifetime 10 minutes)
        result(other.get(Sdk.SMS, "type", "enrollment"));
        String late = server.newestSmsCode(a.phone());
        server.clock.advance(Duration.ofMinutes(11));
        failed(other.set(Sdk.SMS, "action", "enrollment", "smsCode", late), 2306);
        // the device protocol knows no "expired": an expired activation code is a wrong code there
        failed(other.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", late), 2305);
    }

    @Test
    void certificationCodeErrors() {
        Account a = newAccount(false);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", a.phone()));
        String code = server.newestSmsCode(a.phone());
        failed(s.set(Sdk.SMS, "type", "addPhoneNumber", "smsCode", "11111111", "phoneNumber", a.phone()), 2305);
        failed(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", "11111111",
                "phoneNumber", a.phone()), 2305);
        server.clock.advance(Duration.ofMinutes(11));
        failed(s.set(Sdk.SMS, "type", "addPhoneNumber", "smsCode", code, "phoneNumber", a.phone()), 2306);
        failed(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", code,
                "phoneNumber", a.phone()), 2306);
    }

    @Test
    void phoneNumberAlreadyRegistered() {
        Account owner = newAccount(true);
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        // add on an account that has a trusted number already: 2390
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", owner.phone()));
        String code = server.newestSmsCode(owner.phone());
        failed(s.set(Sdk.SMS, "type", "addPhoneNumber", "smsCode", code, "phoneNumber", owner.phone()), 2390);
        // the shortcut never replaces the account's own trusted number (that needs proof of it): 2317
        failed(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", code,
                "phoneNumber", owner.phone()), 2317);
        // shortcut with another account's trusted number, on an account without one: 2390
        Sdk other = loggedIn(newAccount(false));
        result(other.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", owner.phone()));
        failed(other.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode",
                server.newestSmsCode(owner.phone()), "phoneNumber", owner.phone()), 2390);
        assertThat(s.isDeviceActivated()).isFalse();
        assertThat(other.isDeviceActivated()).isFalse();
    }

    @Test
    void modifyPhoneNumber() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        String newPhone = E2eServer.newPhone();
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", newPhone));
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", "22222222", "phoneNumber", newPhone), 2305);
        String code = server.newestSmsCode(newPhone);
        // the account has a trusted phone: replacing it needs proof of it (docs/account-api.md 2)
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", newPhone), 2317);
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", newPhone,
                "currentPhoneCode", "00000000"), 2308);
        assertThat(result(s.get(Sdk.SMS, "type", "currentPhoneNumber"))).isEmpty();
        ok(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", newPhone,
                "currentPhoneCode", server.newestSmsCode(a.phone())));
        assertThat(result(s.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(newPhone);
        // an administrator's block: the account's session stops working (2310 everywhere)
        server.block(a.login());
        failed(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", a.phone()), 2310);
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", "12345678", "phoneNumber", a.phone()), 2310);
    }

    @Test
    void enrollOnAnAdminBlockedAccount() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        server.block(a.login());
        failed(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code), 2310);
        server.unblock(a.login());
        ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code));
        server.block(a.login());
        failed(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", "12345678",
                "phoneNumber", a.phone()), 2310);
    }

    @Test
    void pinRefusedByThePolicyIsAnInvalidPinCode() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        result(s.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        failed(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", "12", "smsCode", code), 2102, "pinCode");
        ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code));
    }

    @Test
    void activationOkButMsRequestLostIs2316AndANewEnrollWorks() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a);
        s.transport.set(FaultTransport.only(FaultTransport.device("ActionFinalize", "ms"), FaultTransport.unreachable()));
        result(s.get(Sdk.SMS, "type", "enrollment"));
        failed(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", server.newestSmsCode(a.phone())),
                2316);
        assertThat(s.isDeviceActivated()).isFalse();
        failed(s.get(Sdk.OTP, "action", "withoutPIN"), 2312);
        s.transport.clear();
        enroll(s, a, PIN);
        assertThat(s.isDeviceActivated()).isTrue();
        assertThat(server.verify(a.login(), s.otpWithPin(PIN), true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void deviceLimitAndActivationLimitAre2317() {
        server.createIntegration(E2eServer.obj("macid", "one-device", "maxDevices", 1));
        server.createIntegration(E2eServer.obj("macid", "one-activation", "maxActivations", 1));
        Account a = newAccount(true);
        enrolled(a, "one-device");
        Sdk second = loggedIn(a, "one-device");
        result(second.get(Sdk.SMS, "type", "enrollment"));
        failed(second.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN,
                "smsCode", server.newestSmsCode(a.phone())), 2317);

        Account b = newAccount(true);
        Sdk first = enrolled(b, "one-activation");
        ok(first.set(Sdk.ENROLLMENT, "action", "remove"));
        result(first.get(Sdk.SMS, "type", "enrollment"));
        failed(first.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN,
                "smsCode", server.newestSmsCode(b.phone())), 2317);
        // the shortcut checks the activation limit before the code
        failed(first.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN,
                "smsCode", "12345678", "phoneNumber", b.phone()), 2317);
    }

    @Test
    void unknownIntegrationIsNoService2314() {
        Account a = newAccount(true);
        Sdk s = loggedIn(a, "no-such-integration");
        failed(s.get(Sdk.SMS, "type", "enrollment"), 2314);
        failed(s.set(Sdk.SMS, "action", "enrollment", "smsCode", "12345678"), 2314);
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", "12345678", "phoneNumber", a.phone()), 2314);
        failed(s.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", "12345678",
                "phoneNumber", a.phone()), 2314);
        failed(s.set(Sdk.ENROLLMENT, "action", "remove"), 2314);
        failed(s.set(Sdk.PIN, "action", "update", "oldPIN", "1111", "newPIN", "2222"), 2314);
        failed(s.set(Sdk.PIN, "action", "reset", "pinCode", "1111", "smsCode", "12345678"), 2314);
    }
}
