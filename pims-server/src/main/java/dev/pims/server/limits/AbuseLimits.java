package dev.pims.server.limits;

/**
 * The exact, per-subject abuse limits of one integration (docs/operations.md, "Limits"): counted in the database
 * on the subject's row, inside the request's transaction, so they hold across nodes. A rate of 0 disables that
 * limit; {@code pinLockAfter} 0 disables the temporary PIN lock (the permanent PinBlocked at the policy's
 * maxPinErrors always applies). Per-address request rates are not here: they are server settings
 * ({@link AddressLimits}), never chosen by the integration a client names.
 *
 * @param smsPerAccountPerDay SMS sent to one account per UTC day
 * @param otpPerDevicePerMinute OTP set-ups (issuances) per device per minute
 * @param otpPerDevicePerHour OTP set-ups per device per hour
 * @param pinLockAfter consecutive wrong PINs after which the account is locked for a while
 * @param pinLockSeconds first lock duration; doubled by each further wrong PIN
 */
public record AbuseLimits(
        int smsPerAccountPerDay,
        int otpPerDevicePerMinute,
        int otpPerDevicePerHour,
        int pinLockAfter,
        int pinLockSeconds) {

    public static AbuseLimits defaults() {
        return new AbuseLimits(10, 10, 60, 3, 60);
    }

    /** The first rule these limits break, or null. */
    public String problem() {
        if (smsPerAccountPerDay < 0 || otpPerDevicePerMinute < 0 || otpPerDevicePerHour < 0 || pinLockAfter < 0) {
            return "limits must be 0 (disabled) or positive";
        }
        if (pinLockSeconds < 1 || pinLockSeconds > 86_400) {
            return "pinLockSeconds must be between 1 and 86400";
        }
        return null;
    }

    /**
     * Lock duration after the {@code errors}-th consecutive wrong PIN: none below {@code pinLockAfter} or at
     * {@code maxPinErrors} (the account is then PinBlocked), else {@code pinLockSeconds * 2^(errors - pinLockAfter)}
     * (the exponent is capped at 20).
     */
    public long pinLockMillis(int errors, int maxPinErrors) {
        if (pinLockAfter <= 0 || errors < pinLockAfter || errors >= maxPinErrors) {
            return 0;
        }
        return (pinLockSeconds * 1000L) << Math.min(errors - pinLockAfter, 20);
    }
}
