package dev.pims.server.accountapi;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.activation.ActivationCode;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import java.time.Clock;
import java.util.Optional;

/**
 * Enrollment management (docs/account-api.md 4): the enrollment code check, the with-phone-number shortcut,
 * the removal of every enrollment, and the account status. New enrollments wait for the cooling-off period
 * after a phone change ({@link FactorRules}); the shortcut never replaces a trusted phone (that is PUT).
 */
public final class EnrollmentService {
    private final AccountTx tx;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final ActivationCodeRepository activationCodes;
    private final ChallengeRepository challenges;
    private final SmsCodes smsCodes;
    private final FactorRules factor;
    private final Notifier notifier;
    private final RandomTokens random;
    private final AuditLog audit;
    private final Clock clock;

    EnrollmentService(AccountTx tx, AccountRepository accounts, DeviceRepository devices,
            ActivationCodeRepository activationCodes, ChallengeRepository challenges, SmsCodes smsCodes,
            FactorRules factor, Notifier notifier, RandomTokens random, AuditLog audit, Clock clock) {
        this.tx = tx;
        this.accounts = accounts;
        this.devices = devices;
        this.activationCodes = activationCodes;
        this.challenges = challenges;
        this.smsCodes = smsCodes;
        this.factor = factor;
        this.notifier = notifier;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
    }

    public record Status(Account account, long devices, Optional<Long> coolingOffUntil) { }

    public record IssuedActivation(String code, long expiresAt, String phoneNumber) {
        @Override
        public String toString() {
            return "IssuedActivation[]";
        }
    }

    private static AccountError coolingOff() {
        return AccountError.forbidden("the trusted phone changed recently: new enrollments wait for the cooling-off"
                + " period or an administrator's confirmation");
    }

    /** SET smscode enrollment: NotEnrolled / AlreadyEnrolled; the code is not consumed. */
    public String checkEnrollment(String login, Integration integration, String code) {
        long now = clock.millis();
        int maxTries = integration.policy().codeMaxTries();
        String event = "enrollment.check";
        return tx.run(sql -> {
            Account a = tx.lockCodesAndAccount(sql, login);
            // the account's own codes are locked now; another account's code is never touched
            Optional<ActivationCode> row = activationCodes.findByCode(sql, integration.macid(), code)
                    .filter(c -> c.login().equals(login));
            if (a.state().isBlocked()) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            if (factor.coolingOffUntil(sql, login, now).isPresent()) {
                return tx.refuse(sql, login, event, coolingOff());
            }
            if (row.isEmpty()) {
                // a wrong value is a wrong try of this account's live codes for the integration, and of the account
                activationCodes.chargeLive(sql, login, integration.macid(), now);
                CodeAttempts.chargeAccount(sql, login, now);
                return tx.refuse(sql, login, event, AccountError.code());
            }
            ActivationCode c = row.get();
            if (c.usedAt() != null || c.tries() >= maxTries) {
                return tx.refuse(sql, login, event, AccountError.code());
            }
            if (now >= c.expiresAt()) {
                return tx.refuse(sql, login, event, AccountError.codeExpired());
            }
            tx.ok(sql, login, event);
            return a.pin().isPresent() ? "AlreadyEnrolled" : "NotEnrolled";
        });
    }

    /**
     * Certification code -> trusted phone + a fresh activation code in the answer. When the account already has
     * a trusted phone, only that same number is accepted (the code sent to it proves the current phone); an
     * account with an active device but no phone adds one with POST /me/phone-number and an OTP first.
     */
    public IssuedActivation enrollWithPhoneNumber(String login, Integration integration, String phone, String code) {
        long now = clock.millis();
        Policy policy = integration.policy();
        long expires = now + policy.codeLifetimeSeconds() * 1000L;
        String event = "enrollment.with-phone-number";
        return tx.run(sql -> {
            Account a = tx.lockCodesAndAccount(sql, login);
            if (a.state().isBlocked()) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            if (factor.coolingOffUntil(sql, login, now).isPresent()) {
                return tx.refuse(sql, login, event, coolingOff());
            }
            if (a.phoneNumber().isPresent() && !a.phoneNumber().get().equals(phone)) {
                return tx.refuse(sql, login, event, AccountError.forbidden("the account has another trusted phone:"
                        + " change it with PUT /me/phone-number (proof of the current factor) first"));
            }
            if (a.phoneNumber().isEmpty() && factor.hasActiveDevice(sql, login)) {
                return tx.refuse(sql, login, event, AccountError.forbidden("the account has an active device: add the"
                        + " phone with POST /me/phone-number and a PIN-verified OTP first"));
            }
            if (a.activations() >= policy.maxActivations()) {
                return tx.refuse(sql, login, event, AccountError.forbidden("activation limit reached"));
            }
            if (devices.countTowardsLimit(sql, login) >= policy.maxDevices()) {
                return tx.refuse(sql, login, event, AccountError.forbidden("device limit reached"));
            }
            SmsCodes.Check check = smsCodes.check(sql, login, Purpose.PHONE_CERTIFICATION, code, phone, now);
            Optional<AccountError> codeRefused = tx.refuseCode(sql, login, event, check, now);
            if (codeRefused.isPresent()) {
                return codeRefused.get();
            }
            // checked after the code, so that the answer tells nothing about other accounts without proof
            if (accounts.phoneTakenByAnother(sql, phone, login)) {
                return tx.refuse(sql, login, event,
                        AccountError.phoneExists("this number is the trusted number of another account"));
            }
            if (!smsCodes.consume(sql, ((SmsCodes.Check.Ok) check).row().id(), now)) {
                return tx.refuse(sql, login, event, AccountError.code());
            }
            accounts.setPhoneNumber(sql, login, phone);
            smsCodes.replaceLive(sql, login, Purpose.ENROLLMENT, now);
            activationCodes.killLive(sql, login, integration.macid(), now);
            Optional<String[]> drawn = SmsCodeService.drawActivationCode(sql, activationCodes, random, login,
                    integration, now, expires);
            if (drawn.isEmpty()) {
                return tx.refuse(sql, login, event, AccountError.forbidden("no activation code available, retry"));
            }
            CodeAttempts.succeeded(sql, login);
            tx.ok(sql, login, event);
            return new IssuedActivation(drawn.get()[1], expires, phone);
        });
    }

    /**
     * Removes the devices of the integration (all when {@code macid} is null) and kills live activation codes.
     * Locks the account's codes, then its devices in ascending id, then the account. The trusted phone is told.
     */
    public int removeEnrollments(String login, String macid) {
        long now = clock.millis();
        record Removed(int count, String phone) { }
        Removed removed = tx.run(sql -> {
            tx.lockCodes(sql, login);
            java.util.List<Device> all = devices.lockAllOf(sql, login);
            Account a = tx.lockAccount(sql, login);
            int n = 0;
            for (Device d : all) {
                if (d.state() != DeviceState.REMOVED && (macid == null || macid.equals(d.macid()))) {
                    devices.remove(sql, d.id());
                    challenges.delete(sql, d.id());
                    audit.record(sql, login, d.id(), "enrollment.remove.device", "OK");
                    n++;
                }
            }
            activationCodes.killLive(sql, login, macid, now);
            smsCodes.replaceLive(sql, login, Purpose.ENROLLMENT, now);
            audit.record(sql, login, null, "enrollment.remove", "OK:" + n);
            return new Removed(n, a.phoneNumber().orElse(null));
        });
        if (removed.count() > 0 && removed.phone() != null) {
            notifier.enrollmentsRemoved(removed.phone());
        }
        return removed.count();
    }

    public Status status(String login, String macid) {
        long now = clock.millis();
        return tx.db().inTransaction(sql -> {
            Account a = accounts.find(sql, login).orElseThrow(AccountError::unauthenticated);
            long n = devices.countActiveOf(sql, login, macid);
            return new Status(a, n, factor.coolingOffUntil(sql, login, now));
        });
    }

    /** The administrator confirms a phone change: the cooling-off period ends now. False: no such account. */
    public boolean confirmFactorChange(String login) {
        return tx.db().inTransaction(sql -> {
            if (factor.confirm(sql, login) == 0) {
                return false;
            }
            audit.record(sql, login, null, "admin.factor-change.confirm", "OK");
            return true;
        });
    }
}
