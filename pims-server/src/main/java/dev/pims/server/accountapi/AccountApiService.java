package dev.pims.server.accountapi;

import dev.pims.protocol.crypto.ConstantTime;
import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.account.PinErrors;
import dev.pims.server.sms.SmsDailyBudget;
import dev.pims.server.activation.ActivationCode;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import dev.pims.server.sms.SmsDeliveryException;
import dev.pims.server.sms.SmsMessage;
import dev.pims.server.sms.SmsSender;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * The account API's rules (notes/account-api.md). Every operation locks the account row first, so the
 * operations of one account are serialised across threads and nodes. A refusal that must leave a trace (a
 * wrong code try, a PIN error) is returned from the transaction, committed, then thrown.
 */
public final class AccountApiService {
    /** SMS codes older than this are purged when a new one is requested. */
    private static final long SMS_RETENTION_MILLIS = 24 * 3600_000L;
    private final Database db;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final ActivationCodeRepository activationCodes;
    private final ChallengeRepository challenges;
    private final PinErrors pinErrors;
    private final SmsCodes smsCodes;
    private final SmsSender sender;
    private final RandomTokens random;
    private final AuditLog audit;
    private final Clock clock;
    private final SmsDailyBudget smsBudget;

    public AccountApiService(Database db, AccountRepository accounts, DeviceRepository devices,
            ActivationCodeRepository activationCodes, ChallengeRepository challenges, PinErrors pinErrors,
            SmsCodes smsCodes, SmsSender sender, RandomTokens random, AuditLog audit, Clock clock,
            SmsDailyBudget smsBudget) {
        this.db = db;
        this.accounts = accounts;
        this.devices = devices;
        this.activationCodes = activationCodes;
        this.challenges = challenges;
        this.pinErrors = pinErrors;
        this.smsCodes = smsCodes;
        this.sender = sender;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
        this.smsBudget = smsBudget;
    }

    public record Status(Account account, long devices) { }

    public record IssuedActivation(String code, long expiresAt, String phoneNumber) {
        @Override
        public String toString() {
            return "IssuedActivation[]";
        }
    }

    private record Pending(String smsId, String activationCodeId, SmsMessage message, long expiresAt) { }

    @SuppressWarnings("unchecked")
    private <T> T tx(Database.Work<Object> work) {
        Object out = db.inTransaction(work);
        if (out instanceof AccountError e) {
            throw e;
        }
        return (T) out;
    }

    private Account lock(Sql sql, String login) throws SQLException {
        // the token was valid a moment ago; an account deleted since is an unauthenticated caller
        return accounts.lock(sql, login).orElseThrow(AccountError::unauthenticated);
    }

    private AccountError refuse(Sql sql, String login, String event, AccountError e) throws SQLException {
        audit.record(sql, login, null, event, e.error());
        return e;
    }

    public Optional<String> phoneNumber(String login) {
        return db.inTransaction(sql -> accounts.find(sql, login).flatMap(Account::phoneNumber));
    }

    /** POST (add) or PUT (modify) of the trusted number, proven by a phoneNumberCertification code. */
    public String setPhoneNumber(String login, String phone, String code, boolean modify) {
        long now = clock.millis();
        String event = modify ? "phone.modify" : "phone.add";
        return tx(sql -> {
            Account a = lock(sql, login);
            if (modify && a.phoneNumber().isEmpty()) {
                return refuse(sql, login, event, AccountError.noPhone());
            }
            if (modify && a.state().isBlocked()) {
                return refuse(sql, login, event, AccountError.blocked());
            }
            if (!modify && a.phoneNumber().isPresent()) {
                return refuse(sql, login, event, AccountError.phoneExists("the account already has a trusted phone number"));
            }
            AccountError bad = certificationCode(sql, login, code, phone, now);
            if (bad != null) {
                return refuse(sql, login, event, bad);
            }
            storePhone(sql, login, phone);
            audit.record(sql, login, null, event, "OK");
            return phone;
        });
    }

    /** Checks and consumes a certification code for {@code phone}; the error, or null when consumed. */
    private AccountError certificationCode(Sql sql, String login, String code, String phone, long now)
            throws SQLException {
        SmsCodes.Check check = smsCodes.check(sql, login, Purpose.PHONE_CERTIFICATION, code, phone, now);
        return switch (check) {
            case SmsCodes.Check.Wrong w -> AccountError.code();
            case SmsCodes.Check.Expired x -> AccountError.codeExpired();
            case SmsCodes.Check.Ok ok -> smsCodes.consume(sql, ok.row().id(), now) ? null : AccountError.code();
        };
    }

    private static void storePhone(Sql sql, String login, String phone) throws SQLException {
        sql.update("UPDATE accounts SET phone_number = ? WHERE login = ?", phone, login);
    }

    /** Creates a code of {@code purpose}, replacing the live one, and sends it; returns its expiry. */
    public long requestCode(String login, Integration integration, Purpose purpose, String certifiedPhone) {
        Policy policy = integration.policy();
        long now = clock.millis();
        long expires = now + policy.codeLifetimeSeconds() * 1000L;
        String event = "sms." + purpose.apiName();
        Pending pending = tx(sql -> {
            Account a = lock(sql, login);
            String phone = purpose == Purpose.PHONE_CERTIFICATION ? certifiedPhone : a.phoneNumber().orElse(null);
            if (phone == null) {
                return refuse(sql, login, event, AccountError.noPhone());
            }
            if (!smsBudget.allow(sql, integration.limits().smsPerAccountPerDay(), login, now)) {
                return refuse(sql, login, event, AccountError.forbidden("too many SMS requests, try again later"));
            }
            smsCodes.purgeOld(sql, login, now - SMS_RETENTION_MILLIS);
            smsCodes.replaceLive(sql, login, purpose, now);
            String smsId = random.hex(16);
            if (purpose == Purpose.ENROLLMENT) {
                killActivationCodes(sql, login, integration.macid(), now);
                Optional<String[]> drawn = drawActivationCode(sql, login, integration, now, expires);
                if (drawn.isEmpty()) {
                    return refuse(sql, login, event, AccountError.forbidden("no activation code available, retry"));
                }
                String code = drawn.get()[1];
                smsCodes.insert(sql, smsId, login, purpose, phone, null, drawn.get()[0], expires,
                        policy.codeMaxTries(), now);
                audit.record(sql, login, null, event, "OK");
                return new Pending(smsId, drawn.get()[0], new SmsMessage(phone, code, text(purpose, code, policy)),
                        expires);
            }
            String code = random.digits(policy.codeLength());
            smsCodes.insert(sql, smsId, login, purpose, phone, code, null, expires, policy.codeMaxTries(), now);
            audit.record(sql, login, null, event, "OK");
            return new Pending(smsId, null, new SmsMessage(phone, code, text(purpose, code, policy)), expires);
        });
        try {
            sender.send(pending.message());
        } catch (SmsDeliveryException e) {
            // an undelivered code must not stay usable
            db.inTransaction(sql -> {
                smsCodes.consume(sql, pending.smsId(), now);
                if (pending.activationCodeId() != null) {
                    activationCodes.consume(sql, pending.activationCodeId(), now);
                }
                audit.record(sql, login, null, "sms.send", "NOK:SMSGATEWAY");
                return null;
            });
            throw AccountError.smsGateway(e.getMessage());
        }
        return pending.expiresAt();
    }

    private static String text(Purpose purpose, String code, Policy policy) {
        int minutes = Math.max(1, policy.codeLifetimeSeconds() / 60);
        return switch (purpose) {
            case ENROLLMENT -> "Your PIMS activation code is " + code + ". It expires in " + minutes + " min.";
            case PHONE_CERTIFICATION -> "Your PIMS code to confirm this phone number is " + code + ".";
            case RESET_PIN -> "Your PIMS code to reset your PIN is " + code + ". Never share it.";
        };
    }

    /** {id, code} of a new activation code of (login, integration), or empty when no free value was drawn. */
    private Optional<String[]> drawActivationCode(Sql sql, String login, Integration integration, long now,
            long expires) throws SQLException {
        activationCodes.purgeDead(sql, login, now);
        for (int attempt = 0; attempt < 20; attempt++) {
            String code = random.digits(integration.policy().codeLength());
            ActivationCode row = new ActivationCode(random.hex(16), integration.macid(), login, expires, 0, null,
                    null, now);
            if (activationCodes.insert(sql, row, code)) {
                return Optional.of(new String[] {row.id(), code});
            }
        }
        return Optional.empty();
    }

    /** Kills the live activation codes of (login, macid); macid null = every integration. */
    private static int killActivationCodes(Sql sql, String login, String macid, long now) throws SQLException {
        if (macid == null) {
            return sql.update("UPDATE activation_codes SET used_at = ?, kiw_private_enc = NULL WHERE login = ?"
                    + " AND used_at IS NULL", now, login);
        }
        return sql.update("UPDATE activation_codes SET used_at = ?, kiw_private_enc = NULL WHERE login = ?"
                + " AND macid = ? AND used_at IS NULL", now, login, macid);
    }

    /** SET smscode enrollment: NotEnrolled / AlreadyEnrolled; the code is not consumed. */
    public String checkEnrollment(String login, Integration integration, String code) {
        long now = clock.millis();
        int maxTries = integration.policy().codeMaxTries();
        return tx(sql -> {
            // lock order: the code before the account (docs/architecture.md, "Lock order")
            Optional<ActivationCode> row = activationCodes.lockByCode(sql, integration.macid(), code)
                    .filter(c -> c.login().equals(login));
            Account a = lock(sql, login);
            if (a.state().isBlocked()) {
                return refuse(sql, login, "enrollment.check", AccountError.blocked());
            }
            if (row.isEmpty()) {
                // a wrong value is a wrong try of this account's live codes for the integration
                sql.update("UPDATE activation_codes SET tries = tries + 1 WHERE login = ? AND macid = ?"
                        + " AND used_at IS NULL AND expires_at > ?", login, integration.macid(), now);
                return refuse(sql, login, "enrollment.check", AccountError.code());
            }
            ActivationCode c = row.get();
            if (c.usedAt() != null || c.tries() >= maxTries) {
                return refuse(sql, login, "enrollment.check", AccountError.code());
            }
            if (now >= c.expiresAt()) {
                return refuse(sql, login, "enrollment.check", AccountError.codeExpired());
            }
            audit.record(sql, login, null, "enrollment.check", "OK");
            return a.pin().isPresent() ? "AlreadyEnrolled" : "NotEnrolled";
        });
    }

    /** Certification code -> trusted phone (add or replace) + a fresh activation code in the answer. */
    public IssuedActivation enrollWithPhoneNumber(String login, Integration integration, String phone, String code) {
        long now = clock.millis();
        Policy policy = integration.policy();
        long expires = now + policy.codeLifetimeSeconds() * 1000L;
        String event = "enrollment.with-phone-number";
        return tx(sql -> {
            Account a = lock(sql, login);
            if (a.state().isBlocked()) {
                return refuse(sql, login, event, AccountError.blocked());
            }
            if (a.activations() >= policy.maxActivations()) {
                return refuse(sql, login, event, AccountError.forbidden("activation limit reached"));
            }
            if (devices.countTowardsLimit(sql, login) >= policy.maxDevices()) {
                return refuse(sql, login, event, AccountError.forbidden("device limit reached"));
            }
            SmsCodes.Check check = smsCodes.check(sql, login, Purpose.PHONE_CERTIFICATION, code, phone, now);
            if (check instanceof SmsCodes.Check.Wrong) {
                return refuse(sql, login, event, AccountError.code());
            }
            if (check instanceof SmsCodes.Check.Expired) {
                return refuse(sql, login, event, AccountError.codeExpired());
            }
            // checked after the code, so that the answer tells nothing about other accounts without proof
            if (sql.count("SELECT COUNT(*) FROM accounts WHERE phone_number = ? AND login <> ?", phone, login) > 0) {
                return refuse(sql, login, event,
                        AccountError.phoneExists("this number is the trusted number of another account"));
            }
            if (!smsCodes.consume(sql, ((SmsCodes.Check.Ok) check).row().id(), now)) {
                return refuse(sql, login, event, AccountError.code());
            }
            storePhone(sql, login, phone);
            smsCodes.replaceLive(sql, login, Purpose.ENROLLMENT, now);
            killActivationCodes(sql, login, integration.macid(), now);
            Optional<String[]> drawn = drawActivationCode(sql, login, integration, now, expires);
            if (drawn.isEmpty()) {
                return refuse(sql, login, event, AccountError.forbidden("no activation code available, retry"));
            }
            audit.record(sql, login, null, event, "OK");
            return new IssuedActivation(drawn.get()[1], expires, phone);
        });
    }

    /** Removes the devices of the integration (all when {@code macid} is null); kills live activation codes. */
    public int removeEnrollments(String login, String macid) {
        long now = clock.millis();
        return tx(sql -> {
            lock(sql, login);
            int removed = 0;
            for (Device d : devices.ofAccount(sql, login)) {
                if (d.state() != DeviceState.REMOVED && (macid == null || macid.equals(d.macid()))) {
                    devices.remove(sql, d.id());
                    challenges.delete(sql, d.id());
                    audit.record(sql, login, d.id(), "enrollment.remove.device", "OK");
                    removed++;
                }
            }
            killActivationCodes(sql, login, macid, now);
            smsCodes.replaceLive(sql, login, Purpose.ENROLLMENT, now);
            audit.record(sql, login, null, "enrollment.remove", "OK:" + removed);
            return removed;
        });
    }

    /** PIN reset with a resetPIN SMS code. */
    public void resetPin(String login, Integration integration, String code, String newPin) {
        long now = clock.millis();
        Policy policy = integration.policy();
        tx(sql -> {
            Account a = lock(sql, login);
            if (a.state() == AccountState.BLOCKED) {
                return refuse(sql, login, "pin.reset", AccountError.blocked());
            }
            SmsCodes.Check check = smsCodes.check(sql, login, Purpose.RESET_PIN, code, null, now);
            if (check instanceof SmsCodes.Check.Wrong) {
                return refuse(sql, login, "pin.reset", AccountError.code());
            }
            if (check instanceof SmsCodes.Check.Expired) {
                return refuse(sql, login, "pin.reset", AccountError.codeExpired());
            }
            if (!policy.acceptsPin(newPin)) {
                return refuse(sql, login, "pin.reset", AccountError.pinRefused());
            }
            if (a.pin().isPresent() && ConstantTime.equals(a.pin().get(), newPin)) {
                return refuse(sql, login, "pin.reset", AccountError.pinReused());
            }
            if (!smsCodes.consume(sql, ((SmsCodes.Check.Ok) check).row().id(), now)) {
                return refuse(sql, login, "pin.reset", AccountError.code());
            }
            accounts.setPin(sql, login, newPin);
            accounts.setPinErrorsAndState(sql, login, 0,
                    a.state() == AccountState.PIN_BLOCKED ? AccountState.NOT_BLOCKED : a.state());
            audit.record(sql, login, null, "pin.reset", "OK");
            return Boolean.TRUE;
        });
    }

    /** PIN update: the old PIN is checked and a wrong one counts as a PIN error (as on /iwws/MAC). */
    public void updatePin(String login, Integration integration, String oldPin, String newPin) {
        Policy policy = integration.policy();
        long now = clock.millis();
        tx(sql -> {
            Account a = lock(sql, login);
            if (a.state().isBlocked() || a.pinLocked(now)) {
                return refuse(sql, login, "pin.update", AccountError.blocked());
            }
            if (a.pin().isEmpty()) {
                return refuse(sql, login, "pin.update", AccountError.state("the account has no PIN yet"));
            }
            if (!ConstantTime.equals(a.pin().get(), oldPin)) {
                boolean blocked = pinErrors.wrongPin(sql, a, policy.maxPinErrors(), integration.limits(), now);
                return refuse(sql, login, "pin.update", blocked ? AccountError.blocked() : AccountError.access());
            }
            if (ConstantTime.equals(oldPin, newPin)) {
                return refuse(sql, login, "pin.update", AccountError.pinReused());
            }
            if (!policy.acceptsPin(newPin)) {
                return refuse(sql, login, "pin.update", AccountError.pinRefused());
            }
            accounts.setPin(sql, login, newPin);
            pinErrors.reset(sql, a);
            audit.record(sql, login, null, "pin.update", "OK");
            return Boolean.TRUE;
        });
    }

    public Status status(String login, String macid) {
        return db.inTransaction(sql -> {
            Account a = accounts.find(sql, login).orElseThrow(AccountError::unauthenticated);
            long n = sql.count("SELECT COUNT(*) FROM devices WHERE login = ? AND macid = ? AND state = ?", login, macid,
                    DeviceState.ACTIVE.name());
            return new Status(a, n);
        });
    }
}
