package dev.pims.server.otp;

import dev.pims.server.account.AccountState;
import dev.pims.server.apikey.RelyingParty;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.db.Database;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.otp.IssuedOtpRepository.Candidate;
import dev.pims.server.otp.VerifyResult.Reason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies an OTP for a login, exactly once, in one transaction of always the same three statements whatever the
 * outcome (so the answer time tells nothing): one read of the account, its matching issued OTPs and their devices;
 * one conditional UPDATE that consumes the chosen OTP (used_at IS NULL and not expired: its update count decides
 * the single winner, on any number of nodes; when nothing qualifies it updates no row); one audit row with the real
 * reason.
 *
 * <p>Only OTPs of devices of the relying party's integrations are considered, before anything is consumed: a
 * key of integration A cannot burn, or learn anything about, the OTPs of integration B. Design: the OTP is consumed
 * before the PIN requirement, the device and the account state are checked, so a PIN-less OTP presented where a PIN
 * is required is refused AND spent (one presentation = one use).
 */
public final class VerificationService {
    private static final Pattern OTP = Pattern.compile("[a-z0-9]{1,16}");
    private final Database db;
    private final IssuedOtpRepository otps;
    private final IntegrationService integrations;
    private final AuditLog audit;
    private final Clock clock;

    public VerificationService(Database db, IssuedOtpRepository otps, IntegrationService integrations, AuditLog audit,
            Clock clock) {
        this.db = db;
        this.otps = otps;
        this.integrations = integrations;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param serviceId non-null (the /FS call) restricts the OTP to devices of that integration, which must exist
     *     and belong to {@code rp}
     */
    public VerifyResult verify(String login, String otp, boolean requirePin, RelyingParty rp, String serviceId) {
        if (login == null || login.isBlank() || login.length() > 128 || otp == null || !OTP.matcher(otp).matches()) {
            return new VerifyResult.Nok(Reason.BAD_REQUEST);
        }
        long now = clock.millis();
        return db.inTransaction(sql -> {
            if (serviceId != null && (!rp.covers(serviceId) || integrations.find(sql, serviceId).isEmpty())) {
                return new VerifyResult.Nok(Reason.UNKNOWN_SERVICE);
            }
            List<Candidate> rows = otps.candidates(sql, login, otp);
            Optional<Candidate> chosen = rows.stream().filter(c -> c.otpId() != null && c.usedAt() == null
                    && c.expiresAt() > now && inScope(c, rp, serviceId)).findFirst();
            boolean consumed = otps.consume(sql, chosen.map(Candidate::otpId).orElse(""), now);
            VerifyResult result = consumed ? check(chosen.get(), requirePin, now)
                    : new VerifyResult.Nok(reasonWithout(rows, rp, serviceId));
            audit.record(sql, login, consumed ? chosen.get().deviceId() : null, "otp.verify",
                    result instanceof VerifyResult.Nok n ? n.reason().wire() : "OK");
            return result;
        });
    }

    private static boolean inScope(Candidate c, RelyingParty rp, String serviceId) {
        return c.deviceMacid() != null && rp.covers(c.deviceMacid())
                && (serviceId == null || serviceId.equals(c.deviceMacid()));
    }

    private static VerifyResult check(Candidate c, boolean requirePin, long now) {
        if (!DeviceState.ACTIVE.name().equals(c.deviceState())) {
            return new VerifyResult.Nok(Reason.DEVICE_NOT_ACTIVE);
        }
        if (c.accountState() != AccountState.NOT_BLOCKED || c.pinLocked(now)) {
            return new VerifyResult.Nok(Reason.ACCOUNT_BLOCKED);
        }
        if (requirePin && !c.pinVerified()) {
            return new VerifyResult.Nok(Reason.PIN_REQUIRED);
        }
        return new VerifyResult.Ok(c.pinVerified(), c.deviceId(), c.deviceName(), c.deviceMacid());
    }

    /** The real reason nothing was consumed, for the audit log (the relying party sees invalid_otp). */
    private static Reason reasonWithout(List<Candidate> rows, RelyingParty rp, String serviceId) {
        if (rows.isEmpty()) {
            return Reason.UNKNOWN_ACCOUNT;
        }
        if (rows.get(0).activeDevices() == 0) {
            return Reason.NO_DEVICE;
        }
        boolean otherTenant = rows.stream().anyMatch(c -> c.otpId() != null && !inScope(c, rp, serviceId));
        return otherTenant ? Reason.WRONG_SERVICE : Reason.INVALID_OTP;
    }

}
