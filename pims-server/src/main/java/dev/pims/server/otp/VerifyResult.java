package dev.pims.server.otp;

/** Outcome of a relying-party verification. */
public sealed interface VerifyResult {
    record Ok(boolean pinVerified, String deviceId, String deviceName, String macid) implements VerifyResult { }

    record Nok(Reason reason) implements VerifyResult { }

    enum Reason {
        /** malformed login or OTP */
        BAD_REQUEST("bad_request"),
        UNKNOWN_ACCOUNT("unknown_account"),
        /** the account has no active device */
        NO_DEVICE("no_active_device"),
        /** wrong, expired or already used OTP */
        INVALID_OTP("invalid_otp"),
        /** a PIN-less OTP where the PIN is required (the OTP is consumed all the same) */
        PIN_REQUIRED("pin_required"),
        ACCOUNT_BLOCKED("account_blocked"),
        DEVICE_NOT_ACTIVE("device_not_active"),
        WRONG_SERVICE("wrong_service");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
