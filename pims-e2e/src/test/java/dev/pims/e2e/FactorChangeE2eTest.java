package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;
import static dev.pims.e2e.E2eAssert.ok;
import static dev.pims.e2e.E2eAssert.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 item 1 through the facade: the password alone cannot change the factor; the enrolled device proves a
 * phone change with its PIN (a PIN-verified OTP run by the SDK); the cooling-off period then refuses PIN
 * resets and new enrollments with 2317; an administrator's block answers isAccountBlocked PinBlocked.
 */
class FactorChangeE2eTest extends E2eBase {

    @Test
    void anAttackerWithThePasswordGets2317AndTheVictimKeepsHerDevice() {
        Account a = newAccount(true);
        Sdk victim = enrolled(a);
        Sdk attacker = loggedIn(a);
        String his = E2eServer.newPhone();
        result(attacker.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", his));
        String code = server.newestSmsCode(his);
        failed(attacker.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", his), 2317);
        // a PIN given without a local enrollment proves nothing
        failed(attacker.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", his,
                "pinCode", PIN), 2317);
        failed(attacker.set(Sdk.ENROLLMENT, "action", "enrollWithPhoneNumber", "pinCode", PIN, "smsCode", code,
                "phoneNumber", his), 2317);
        assertThat(result(attacker.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(a.phone());
        assertThat(server.verify(a.login(), victim.otpWithPin(PIN), true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void theEnrolledDeviceProvesAPhoneChangeWithItsPinThenTheCoolingOffHolds() {
        Account a = newAccount(true);
        Sdk s = enrolled(a);
        String next = E2eServer.newPhone();
        result(s.get(Sdk.SMS, "type", "phoneNumberCertification", "phoneNumber", next));
        String code = server.newestSmsCode(next);
        // a wrong PIN: the OTP is refused by the device endpoint (2308)
        failed(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", next, "pinCode", "0000"),
                2308);
        ok(s.set(Sdk.SMS, "type", "modifyPhoneNumber", "smsCode", code, "phoneNumber", next, "pinCode", PIN));
        assertThat(result(s.get(Sdk.PHONE)).get("phoneNumber")).isEqualTo(next);
        // cooling-off: PIN reset and another enrollment wait (2317)
        failed(s.get(Sdk.SMS, "type", "resetPIN"), 2317);
        failed(s.get(Sdk.SMS, "type", "enrollment"), 2317);
        // the device keeps working
        assertThat(server.verify(a.login(), s.otpWithPin(PIN), true).get("result").asText()).isEqualTo("OK");
        server.block(a.login());
        assertThat(result(s.get(Sdk.ACCOUNT, "actionType", "strong", "type", "isAccountBlocked")))
                .isEqualTo(Map.of("isAccountBlocked", "PinBlocked"));
    }
}
