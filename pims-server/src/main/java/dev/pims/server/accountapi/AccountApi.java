package dev.pims.server.accountapi;

import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.PinErrors;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.otp.IssuedOtpRepository;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsDailyBudget;
import dev.pims.server.sms.SmsSender;
import java.time.Clock;
import java.time.Duration;

/** The account API's services, one per feature, wired together by {@link #create}. */
public record AccountApi(PhoneNumberService phones, SmsCodeService smsCodes, EnrollmentService enrollment,
        PinService pins) {

    /** What the services need. */
    public record Deps(Database db, AccountRepository accounts, DeviceRepository devices,
            ActivationCodeRepository activationCodes, ChallengeRepository challenges, IssuedOtpRepository otps,
            PinErrors pinErrors, SmsCodes smsCodes, SmsSender sender, RandomTokens random, AuditLog audit,
            Clock clock, SmsDailyBudget smsBudget, Duration coolingOff) { }

    public static AccountApi create(Deps d) {
        AccountTx tx = new AccountTx(d.db(), d.accounts(), d.activationCodes(), d.smsCodes(), d.audit());
        FactorRules factor = new FactorRules(d.devices(), d.otps(), d.smsCodes(), d.coolingOff());
        Notifier notifier = new Notifier(d.sender());
        return new AccountApi(
                new PhoneNumberService(tx, d.accounts(), d.activationCodes(), d.smsCodes(), factor, notifier,
                        d.clock()),
                new SmsCodeService(tx, d.activationCodes(), d.smsCodes(), factor, d.sender(), d.random(), d.audit(),
                        d.smsBudget(), d.clock()),
                new EnrollmentService(tx, d.accounts(), d.devices(), d.activationCodes(), d.challenges(),
                        d.smsCodes(), factor, notifier, d.random(), d.audit(), d.clock()),
                new PinService(tx, d.accounts(), d.smsCodes(), d.pinErrors(), factor, d.clock()));
    }
}
