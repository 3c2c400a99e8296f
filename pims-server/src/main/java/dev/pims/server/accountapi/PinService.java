package dev.pims.server.accountapi;

import dev.pims.protocol.crypto.ConstantTime;
import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.account.PinErrors;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import java.time.Clock;
import java.util.Optional;

/**
 * The account PIN (docs/account-api.md 5): reset with a resetPIN code (sent to the current trusted phone, so
 * it proves the phone factor; refused during the cooling-off period after a phone change), and update with
 * the old PIN (one PIN-error counter with the device endpoint).
 */
public final class PinService {
    private final AccountTx tx;
    private final AccountRepository accounts;
    private final SmsCodes smsCodes;
    private final PinErrors pinErrors;
    private final FactorRules factor;
    private final Clock clock;

    PinService(AccountTx tx, AccountRepository accounts, SmsCodes smsCodes, PinErrors pinErrors, FactorRules factor,
            Clock clock) {
        this.tx = tx;
        this.accounts = accounts;
        this.smsCodes = smsCodes;
        this.pinErrors = pinErrors;
        this.factor = factor;
        this.clock = clock;
    }

    /** Order: Blocked (admin), cooling-off, code, PINREFUSED, PINREUSED; the code is consumed only on success. */
    public void resetPin(String login, Integration integration, String code, String newPin) {
        long now = clock.millis();
        Policy policy = integration.policy();
        String event = "pin.reset";
        tx.run(sql -> {
            Account a = tx.lockCodesAndAccount(sql, login);
            if (a.state() == AccountState.BLOCKED) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            if (factor.coolingOffUntil(sql, login, now).isPresent()) {
                return tx.refuse(sql, login, event, AccountError.forbidden("the trusted phone changed recently: PIN"
                        + " resets wait for the cooling-off period or an administrator's confirmation"));
            }
            SmsCodes.Check check = smsCodes.check(sql, login, Purpose.RESET_PIN, code, null, now);
            Optional<AccountError> codeRefused = tx.refuseCode(sql, login, event, check, now);
            if (codeRefused.isPresent()) {
                return codeRefused.get();
            }
            if (!policy.acceptsPin(newPin)) {
                return tx.refuse(sql, login, event, AccountError.pinRefused());
            }
            if (a.pin().isPresent() && ConstantTime.equals(a.pin().get(), newPin)) {
                return tx.refuse(sql, login, event, AccountError.pinReused());
            }
            if (!smsCodes.consume(sql, ((SmsCodes.Check.Ok) check).row().id(), now)) {
                return tx.refuse(sql, login, event, AccountError.code());
            }
            accounts.setPin(sql, login, newPin);
            accounts.setPinErrorsAndState(sql, login, 0,
                    a.state() == AccountState.PIN_BLOCKED ? AccountState.NOT_BLOCKED : a.state());
            CodeAttempts.succeeded(sql, login);
            tx.ok(sql, login, event);
            return Boolean.TRUE;
        });
    }

    /** PIN update: the old PIN is checked and a wrong one counts as a PIN error (as on /iwws/MAC). */
    public void updatePin(String login, Integration integration, String oldPin, String newPin) {
        Policy policy = integration.policy();
        long now = clock.millis();
        String event = "pin.update";
        tx.run(sql -> {
            Account a = tx.lockAccount(sql, login);
            if (a.state().isBlocked() || a.pinLocked(now)) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            if (a.pin().isEmpty()) {
                return tx.refuse(sql, login, event, AccountError.state("the account has no PIN yet"));
            }
            if (!ConstantTime.equals(a.pin().get(), oldPin)) {
                boolean blocked = pinErrors.wrongPin(sql, a, policy.maxPinErrors(), integration.limits(), now);
                return tx.refuse(sql, login, event, blocked ? AccountError.blocked() : AccountError.access());
            }
            if (ConstantTime.equals(oldPin, newPin)) {
                return tx.refuse(sql, login, event, AccountError.pinReused());
            }
            if (!policy.acceptsPin(newPin)) {
                return tx.refuse(sql, login, event, AccountError.pinRefused());
            }
            accounts.setPin(sql, login, newPin);
            pinErrors.reset(sql, a);
            tx.ok(sql, login, event);
            return Boolean.TRUE;
        });
    }
}
