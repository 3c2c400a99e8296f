package dev.pims.server.accountapi;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import java.time.Clock;
import java.util.Optional;

/** The trusted phone number: read, add (POST) and modify (PUT), each change proven (docs/account-api.md 2). */
public final class PhoneNumberService {
    private final AccountTx tx;
    private final AccountRepository accounts;
    private final ActivationCodeRepository activationCodes;
    private final SmsCodes smsCodes;
    private final FactorRules factor;
    private final Notifier notifier;
    private final Clock clock;

    PhoneNumberService(AccountTx tx, AccountRepository accounts, ActivationCodeRepository activationCodes,
            SmsCodes smsCodes, FactorRules factor, Notifier notifier, Clock clock) {
        this.tx = tx;
        this.accounts = accounts;
        this.activationCodes = activationCodes;
        this.smsCodes = smsCodes;
        this.factor = factor;
        this.notifier = notifier;
        this.clock = clock;
    }

    public Optional<String> phoneNumber(String login) {
        return tx.db().inTransaction(sql -> accounts.find(sql, login).flatMap(Account::phoneNumber));
    }

    private record Changed(String phone, String oldPhone) { }

    /**
     * POST (add) or PUT (modify) of the trusted number. The new number is proven by a phoneNumberCertification
     * code sent to it; the change itself, once the account has a factor, by {@code proof}. Check order:
     * NOPHONE / PHONEEXISTS (the request's shape), BLOCKED, the certification code, the proof.
     */
    public String setPhoneNumber(String login, String phone, String code, boolean modify, FactorRules.Proof proof) {
        long now = clock.millis();
        String event = modify ? "phone.modify" : "phone.add";
        Changed changed = tx.run(sql -> {
            Account a = tx.lockCodesAndAccount(sql, login);
            if (modify && a.phoneNumber().isEmpty()) {
                return tx.refuse(sql, login, event, AccountError.noPhone());
            }
            if (!modify && a.phoneNumber().isPresent()) {
                return tx.refuse(sql, login, event,
                        AccountError.phoneExists("the account already has a trusted phone number"));
            }
            if (modify ? a.state().isBlocked() : a.state() == AccountState.BLOCKED) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            SmsCodes.Check check = smsCodes.check(sql, login, Purpose.PHONE_CERTIFICATION, code, phone, now);
            Optional<AccountError> codeRefused = tx.refuseCode(sql, login, event, check, now);
            if (codeRefused.isPresent()) {
                return codeRefused.get();
            }
            boolean hadFactor = factor.hasFactor(sql, a);
            if (hadFactor) {
                AccountError refused = factor.prove(sql, a, proof, now);
                if (refused != null) {
                    return tx.refuse(sql, login, event, refused);
                }
            }
            if (!smsCodes.consume(sql, ((SmsCodes.Check.Ok) check).row().id(), now)) {
                return tx.refuse(sql, login, event, AccountError.code());
            }
            accounts.setPhoneNumber(sql, login, phone);
            if (hadFactor) {
                // codes sent to the old phone die with it; PIN reset and enrollment wait for the cooling-off
                smsCodes.killAll(sql, login, now);
                activationCodes.killLive(sql, login, null, now);
                factor.startCoolingOff(sql, login, now);
            }
            CodeAttempts.succeeded(sql, login);
            tx.ok(sql, login, event);
            return new Changed(phone, a.phoneNumber().orElse(null));
        });
        if (changed.oldPhone() != null && !changed.oldPhone().equals(changed.phone())) {
            notifier.phoneReplaced(changed.oldPhone());
        }
        return changed.phone();
    }
}
