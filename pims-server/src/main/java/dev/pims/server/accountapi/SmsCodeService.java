package dev.pims.server.accountapi;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountState;
import dev.pims.server.activation.ActivationCode;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Sql;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import dev.pims.server.sms.SmsDailyBudget;
import dev.pims.server.sms.SmsDeliveryException;
import dev.pims.server.sms.SmsMessage;
import dev.pims.server.sms.SmsSender;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /me/sms-codes}: issues a code of a purpose, replacing the live one, and sends it. Refused with
 * NOK:FORBIDDEN while the account's code issuance backs off after wrong codes ({@link CodeAttempts}), beyond
 * its SMS budget of the day (counted on the account row, so across nodes), and, for enrollment and resetPIN
 * codes, during the cooling-off period after a phone change ({@link FactorRules}).
 */
public final class SmsCodeService {
    private static final long DAY = 86_400_000L;
    /** SMS codes older than this are purged when a new one is requested. */
    private static final long SMS_RETENTION_MILLIS = DAY;
    private final AccountTx tx;
    private final ActivationCodeRepository activationCodes;
    private final SmsCodes smsCodes;
    private final FactorRules factor;
    private final SmsSender sender;
    private final RandomTokens random;
    private final AuditLog audit;
    private final SmsDailyBudget smsBudget;
    private final Clock clock;

    SmsCodeService(AccountTx tx, ActivationCodeRepository activationCodes, SmsCodes smsCodes, FactorRules factor,
            SmsSender sender, RandomTokens random, AuditLog audit, SmsDailyBudget smsBudget, Clock clock) {
        this.tx = tx;
        this.activationCodes = activationCodes;
        this.smsCodes = smsCodes;
        this.factor = factor;
        this.sender = sender;
        this.random = random;
        this.audit = audit;
        this.smsBudget = smsBudget;
        this.clock = clock;
    }

    private record Pending(String smsId, String activationCodeId, SmsMessage message, long expiresAt) { }

    /** Creates a code of {@code purpose}, replacing the live one, and sends it; returns its expiry. */
    public long requestCode(String login, Integration integration, Purpose purpose, String certifiedPhone) {
        Policy policy = integration.policy();
        long now = clock.millis();
        long expires = now + policy.codeLifetimeSeconds() * 1000L;
        int budget = integration.limits().smsPerAccountPerDay();
        String event = "sms." + purpose.apiName();
        Pending pending = tx.run(sql -> {
            Account a = tx.lockCodesAndAccount(sql, login);
            if (a.state() == AccountState.BLOCKED) {
                return tx.refuse(sql, login, event, AccountError.blocked());
            }
            String phone = purpose == Purpose.PHONE_CERTIFICATION ? certifiedPhone : a.phoneNumber().orElse(null);
            if (phone == null) {
                return tx.refuse(sql, login, event, AccountError.noPhone());
            }
            if ((purpose == Purpose.ENROLLMENT || purpose == Purpose.RESET_PIN || purpose == Purpose.CURRENT_PHONE)
                    && factor.coolingOffUntil(sql, login, now).isPresent()) {
                return tx.refuse(sql, login, event, AccountError.forbidden(
                        "the trusted phone changed recently: wait for the cooling-off period or an administrator"));
            }
            if (CodeAttempts.issuanceBlockedUntil(sql, login, now).isPresent()) {
                return tx.refuse(sql, login, event, AccountError.forbidden(
                        "too many wrong codes: new codes are refused for a while"));
            }
            if (!smsBudget.allow(sql, budget, login, now)) {
                return tx.refuse(sql, login, event, AccountError.forbidden("too many SMS requests, try again later"));
            }
            smsCodes.purgeOld(sql, login, now - SMS_RETENTION_MILLIS);
            smsCodes.replaceLive(sql, login, purpose, now);
            String smsId = random.hex(16);
            if (purpose == Purpose.ENROLLMENT) {
                activationCodes.killLive(sql, login, integration.macid(), now);
                Optional<String[]> drawn = drawActivationCode(sql, activationCodes, random, login, integration, now,
                        expires);
                if (drawn.isEmpty()) {
                    return tx.refuse(sql, login, event, AccountError.forbidden("no activation code available, retry"));
                }
                String code = drawn.get()[1];
                smsCodes.insert(sql, smsId, login, purpose, phone, null, drawn.get()[0], expires,
                        policy.codeMaxTries(), now);
                tx.ok(sql, login, event);
                return new Pending(smsId, drawn.get()[0], new SmsMessage(phone, code, text(purpose, code, policy)),
                        expires);
            }
            String code = random.digits(policy.codeLength());
            smsCodes.insert(sql, smsId, login, purpose, phone, code, null, expires, policy.codeMaxTries(), now);
            tx.ok(sql, login, event);
            return new Pending(smsId, null, new SmsMessage(phone, code, text(purpose, code, policy)), expires);
        });
        try {
            sender.send(pending.message());
        } catch (SmsDeliveryException e) {
            // an undelivered code must not stay usable
            tx.db().inTransaction(sql -> {
                smsCodes.consume(sql, pending.smsId(), now);
                if (pending.activationCodeId() != null) {
                    activationCodes.kill(sql, pending.activationCodeId(), now);
                }
                audit.record(sql, login, null, "sms.send", "NOK:SMSGATEWAY");
                return null;
            });
            throw AccountError.smsGateway(e.getMessage());
        }
        return pending.expiresAt();
    }

    static String text(Purpose purpose, String code, Policy policy) {
        int minutes = Math.max(1, policy.codeLifetimeSeconds() / 60);
        return switch (purpose) {
            case ENROLLMENT -> "Your PIMS activation code is " + code + ". It expires in " + minutes + " min.";
            case PHONE_CERTIFICATION -> "Your PIMS code to confirm this phone number is " + code + ".";
            case RESET_PIN -> "Your PIMS code to reset your PIN is " + code + ". Never share it.";
            case CURRENT_PHONE -> "Your PIMS code to replace this trusted phone number is " + code
                    + ". Never share it.";
        };
    }

    /** {id, code} of a new activation code of (login, integration), or empty when no free value was drawn. */
    static Optional<String[]> drawActivationCode(Sql sql, ActivationCodeRepository codes, RandomTokens random,
            String login, Integration integration, long now, long expires) throws SQLException {
        codes.purgeDead(sql, login, now);
        for (int attempt = 0; attempt < 20; attempt++) {
            String code = random.digits(integration.policy().codeLength());
            ActivationCode row = new ActivationCode(random.hex(16), integration.macid(), login, expires, 0, null,
                    null, now);
            if (codes.insert(sql, row, code)) {
                return Optional.of(new String[] {row.id(), code});
            }
        }
        return Optional.empty();
    }
}
