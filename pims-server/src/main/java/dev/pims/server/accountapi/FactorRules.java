package dev.pims.server.accountapi;

import dev.pims.server.account.Account;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import dev.pims.server.otp.IssuedOtpRepository;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsCodes.Purpose;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * "Changing the factor needs the factor" (docs/security.md, "Changing the factor"). An account's factor is
 * its active devices and its trusted phone. Once it has one, changing or adding the trusted phone needs proof
 * of the current factor: a PIN-verified OTP of one of its active devices ({@code otp}), or a code sent to the
 * current trusted phone ({@code currentPhoneCode}, SMS type {@code currentPhoneNumber}). Such a change starts
 * a cooling-off period ({@code pims.account.cooling-off-hours}, default 24 h) during which PIN resets and new
 * enrollments are refused and only an OTP proves the factor, unless an administrator confirms the change.
 */
final class FactorRules {
    private final DeviceRepository devices;
    private final IssuedOtpRepository otps;
    private final SmsCodes smsCodes;
    private final Duration coolingOff;

    FactorRules(DeviceRepository devices, IssuedOtpRepository otps, SmsCodes smsCodes, Duration coolingOff) {
        this.devices = devices;
        this.otps = otps;
        this.smsCodes = smsCodes;
        this.coolingOff = coolingOff;
    }

    /** What the caller offers as proof of the current factor; both may be absent. */
    record Proof(Optional<String> otp, Optional<String> currentPhoneCode) {
        static Proof none() {
            return new Proof(Optional.empty(), Optional.empty());
        }

        boolean given() {
            return otp.isPresent() || currentPhoneCode.isPresent();
        }

        @Override
        public String toString() {
            return "Proof[]";
        }
    }

    boolean hasActiveDevice(Sql sql, String login) throws SQLException {
        return devices.countActive(sql, login) > 0;
    }

    /** True when the account has a factor that a change must be proven by. */
    boolean hasFactor(Sql sql, Account a) throws SQLException {
        return a.phoneNumber().isPresent() || hasActiveDevice(sql, a.login());
    }

    /** The end of the cooling-off period, if the account is in one now. */
    Optional<Long> coolingOffUntil(Sql sql, String login, long now) throws SQLException {
        return sql.one("SELECT factor_changed_at FROM accounts WHERE login = ?",
                rs -> rs.getLong(1), login)
                .filter(t -> t != 0 && t + coolingOff.toMillis() > now)
                .map(t -> t + coolingOff.toMillis());
    }

    void startCoolingOff(Sql sql, String login, long now) throws SQLException {
        sql.update("UPDATE accounts SET factor_changed_at = ? WHERE login = ?", now, login);
    }

    /** The administrator confirmed the change: the cooling-off ends now. */
    int confirm(Sql sql, String login) throws SQLException {
        return sql.update("UPDATE accounts SET factor_changed_at = NULL WHERE login = ?", login);
    }

    /**
     * Checks the proof for changing the phone of the locked account {@code a}; null when proven (the proof is
     * spent), else the refusal: FORBIDDEN when no usable proof was offered, ACCESS when it was wrong (a wrong
     * proof is charged to the account's code failures, like a wrong code).
     */
    AccountError prove(Sql sql, Account a, Proof proof, long now) throws SQLException {
        boolean device = hasActiveDevice(sql, a.login());
        boolean cooling = coolingOffUntil(sql, a.login(), now).isPresent();
        boolean phoneAllowed = a.phoneNumber().isPresent() && !cooling;
        if (proof.otp().isPresent() && device) {
            if (otpProves(sql, a.login(), proof.otp().get(), now)) {
                return null;
            }
            CodeAttempts.chargeAccount(sql, a.login(), now);
            return AccountError.access("the OTP is not a valid PIN-verified OTP of an active device of the account");
        }
        if (proof.currentPhoneCode().isPresent() && phoneAllowed) {
            SmsCodes.Check c = smsCodes.check(sql, a.login(), Purpose.CURRENT_PHONE, proof.currentPhoneCode().get(),
                    a.phoneNumber().get(), now);
            if (c instanceof SmsCodes.Check.Ok ok && smsCodes.consume(sql, ok.row().id(), now)) {
                return null;
            }
            CodeAttempts.chargeAccount(sql, a.login(), now);
            return AccountError.access("the current phone code is wrong or expired");
        }
        String how = device && phoneAllowed ? "a PIN-verified OTP (otp) or a code sent to the current phone"
                + " (currentPhoneCode)" : device ? "a PIN-verified OTP of an enrolled device (otp)"
                : "a code sent to the current phone (currentPhoneCode)";
        return AccountError.forbidden("changing the trusted phone needs proof of the current factor: " + how);
    }

    /** Consumes a PIN-verified OTP of an ACTIVE device of {@code login}; one presentation, one use. */
    private boolean otpProves(Sql sql, String login, String otp, long now) throws SQLException {
        if (otp.length() > 16) {
            return false;
        }
        for (IssuedOtpRepository.IssuedOtp issued : otps.findByOtp(sql, login, otp)) {
            if (issued.usedAt() != null || !otps.consume(sql, issued.id(), now)) {
                continue;
            }
            Optional<Device> d = devices.find(sql, issued.deviceId());
            return issued.pinVerified() && d.isPresent() && d.get().state() == DeviceState.ACTIVE;
        }
        return false;
    }
}
