package dev.pims.server.otp;

/** Outcome of a relying-party verification. */
public sealed interface VerifyResult {
    record Ok(boolean pinVerified, String deviceId, String deviceName, String macid) implements VerifyResult { }

    /** {@code reason} is the real one (audit log, metrics); the relying party sees {@link Reason#answered()}. */
    record Nok(Reason reason) implements VerifyResult { }

    enum Reason {
        /** malformed login or OTP */
        BAD_REQUEST("bad_request"),
        /** /FS only: the serviceId names no integration of the relying party */
        UNKNOWN_SERVICE("unknown_service"),
        UNKNOWN_ACCOUNT("unknown_account"),
        /** the account has no active device */
        NO_DEVICE("no_active_device"),
        /** wrong, expired or already used OTP */
        INVALID_OTP("invalid_otp"),
        /** an OTP of a device of an integration the relying party does not belong to (nothing consumed) */
        WRONG_SERVICE("wrong_service"),
        /** a PIN-less OTP where the PIN is required (the OTP is consumed all the same) */
        PIN_REQUIRED("pin_required"),
        ACCOUNT_BLOCKED("account_blocked"),
        DEVICE_NOT_ACTIVE("device_not_active");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /**
         * What the relying party is told: whatever does not need the OTP to be known (unknown login, no device,
         * another tenant's OTP, wrong, expired, replayed) is one answer, {@code invalid_otp}, so a key holder
         * cannot enumerate logins or probe other tenants. Only a holder of a valid OTP learns more.
         */
        public Reason answered() {
            return switch (this) {
                case UNKNOWN_ACCOUNT, NO_DEVICE, WRONG_SERVICE, INVALID_OTP -> INVALID_OTP;
                default -> this;
            };
        }
    }
}
