package dev.pims.server.device;

import dev.pims.server.account.Account;
import java.util.Optional;

/**
 * A device and its account, both row-locked by one statement ({@link DeviceRepository#lockWithAccount}), with the
 * device's live challenge (if any) and its OTP issuance counters read in the same statement.
 */
public record LockedDevice(Device device, Account account, Optional<Challenge> challenge, OtpIssuance issuance) {
}
