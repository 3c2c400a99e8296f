package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;
import static dev.pims.e2e.E2eAssert.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One meaning per answer (docs/sdk.md, "Blocked or locked for a while"): during the server's temporary PIN
 * lock an OTP answers 2317 (wait and retry) while {@code isAccountBlocked} answers {@code NotBlocked}; 2310
 * comes only with {@code PinBlocked}. Through the facade against the real server.
 */
class PinLockE2eTest extends E2eBase {

    @Test
    void temporaryLockIs2317WithNotBlockedThenPinBlockedIs2310() {
        Account a = newAccount(true);
        Sdk s = enrolled(a);
        // the policy's 3rd consecutive wrong PIN starts the temporary lock; the 5th blocks the account
        for (int i = 0; i < 3; i++) {
            server.clock.advance(Duration.ofMinutes(30));
            failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", "0000"), 2308);
        }
        failed(s.get(Sdk.OTP, "action", "withoutPIN"), 2317);
        failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", PIN), 2317);
        assertThat(blocked(s)).isEqualTo("NotBlocked");
        // a PIN change during the lock: the same meaning
        failed(s.set(Sdk.PIN, "action", "update", "oldPIN", PIN, "newPIN", "2468"), 2317);
        // wait and retry: the right PIN works once the lock is over, and clears the count
        server.clock.advance(Duration.ofMinutes(30));
        assertThat(server.verify(a.login(), s.otpWithPin(PIN), true).get("pinVerified").asBoolean()).isTrue();
        assertThat(server.user(a.login()).get("pinErrors").asInt()).isZero();

        for (int i = 0; i < 5; i++) {
            server.clock.advance(Duration.ofMinutes(30));
            failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", "0000"), i < 4 ? 2308 : 2310);
        }
        assertThat(blocked(s)).isEqualTo("PinBlocked");
        failed(s.get(Sdk.OTP, "action", "withoutPIN"), 2310);
        failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", PIN), 2310);
        server.clock.advance(Duration.ofDays(1));
        failed(s.get(Sdk.OTP, "action", "withPIN", "pinCode", PIN), 2310);
        assertThat(blocked(s)).isEqualTo("PinBlocked");
    }

    @Test
    void activationDuringTheTemporaryLockIs2308NotBlocked() {
        Account a = newAccount(true);
        Sdk first = enrolled(a);
        for (int i = 0; i < 3; i++) {
            server.clock.advance(Duration.ofMinutes(30));
            failed(first.get(Sdk.OTP, "action", "withPIN", "pinCode", "0000"), 2308);
        }
        Sdk second = loggedIn(a);
        result(second.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        failed(second.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", PIN, "smsCode", code), 2308);
        assertThat(blocked(second)).isEqualTo("NotBlocked");
        assertThat(second.isDeviceActivated()).isFalse();
    }

    private static Object blocked(Sdk s) {
        return result(s.get(Sdk.ACCOUNT, "actionType", "strong", "type", "isAccountBlocked")).get("isAccountBlocked");
    }
}
