package dev.pims.server.otp;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.db.Database;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import dev.pims.server.limits.PinLockout;
import dev.pims.server.otp.VerifyResult.Reason;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies an OTP for a login, exactly once: the issued row is consumed by one conditional UPDATE
 * (used_at IS NULL and not expired) whose update count decides the single winner, on any number of nodes.
 * Design: the OTP is consumed before the PIN requirement is checked, so a PIN-less OTP presented where a
 * PIN is required is refused AND spent (one presentation = one use; it cannot be replayed elsewhere).
 */
public final class VerificationService {
    private static final Pattern OTP = Pattern.compile("[a-z0-9]{1,16}");
    private final Database db;
    private final IssuedOtpRepository otps;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final AuditLog audit;
    private final Clock clock;
    private final PinLockout pinLockout;

    /** An account under a temporary PIN lock (docs/operations.md) is refused like a blocked one. */
    public VerificationService(Database db, IssuedOtpRepository otps, AccountRepository accounts,
            DeviceRepository devices, AuditLog audit, Clock clock, PinLockout pinLockout) {
        this.pinLockout = pinLockout;
        this.db = db;
        this.otps = otps;
        this.accounts = accounts;
        this.devices = devices;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code macid} non-null restricts the OTP to devices of that integration. */
    public VerifyResult verify(String login, String otp, boolean requirePin, String macid) {
        if (login == null || login.isBlank() || login.length() > 128 || otp == null || !OTP.matcher(otp).matches()) {
            return new VerifyResult.Nok(Reason.BAD_REQUEST);
        }
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<Account> account = accounts.find(sql, login);
            if (account.isEmpty()) {
                return new VerifyResult.Nok(Reason.UNKNOWN_ACCOUNT);
            }
            if (devices.countActive(sql, login) == 0) {
                audit.record(sql, login, null, "otp.verify", Reason.NO_DEVICE.wire());
                return new VerifyResult.Nok(Reason.NO_DEVICE);
            }
            List<IssuedOtpRepository.IssuedOtp> candidates = otps.findByOtp(sql, login, otp);
            for (IssuedOtpRepository.IssuedOtp issued : candidates) {
                if (issued.usedAt() != null || !otps.consume(sql, issued.id(), now)) {
                    continue;
                }
                VerifyResult result = check(sql, account.get(), issued, requirePin, macid);
                audit.record(sql, login, issued.deviceId(), "otp.verify",
                        result instanceof VerifyResult.Nok n ? n.reason().wire() : "OK");
                return result;
            }
            audit.record(sql, login, null, "otp.verify", Reason.INVALID_OTP.wire());
            return new VerifyResult.Nok(Reason.INVALID_OTP);
        });
    }

    private VerifyResult check(dev.pims.server.db.Sql sql, Account account, IssuedOtpRepository.IssuedOtp issued,
            boolean requirePin, String macid) throws java.sql.SQLException {
        Optional<Device> device = devices.find(sql, issued.deviceId());
        if (device.isEmpty() || device.get().state() != DeviceState.ACTIVE) {
            return new VerifyResult.Nok(Reason.DEVICE_NOT_ACTIVE);
        }
        if (macid != null && !macid.equals(device.get().macid())) {
            return new VerifyResult.Nok(Reason.WRONG_SERVICE);
        }
        if (account.state().isBlocked() || pinLockout.lockedUntil(sql, account, clock.millis()).isPresent()) {
            return new VerifyResult.Nok(Reason.ACCOUNT_BLOCKED);
        }
        if (requirePin && !issued.pinVerified()) {
            return new VerifyResult.Nok(Reason.PIN_REQUIRED);
        }
        return new VerifyResult.Ok(issued.pinVerified(), device.get().id(), device.get().name(), device.get().macid());
    }
}
