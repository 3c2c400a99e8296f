package dev.pims.protocol.device;

/**
 * The answer to an OTP Finalize once applied.
 *
 * @param state      the new state (ratchet applied)
 * @param defi       the challenge for the OTP, as received
 * @param runAgain   the server sent {@code J}: run setup and finalize once more and use the second {@code defi}
 */
public record OtpStep(DeviceState state, String defi, boolean runAgain) {
    @Override
    public String toString() {
        return "OtpStep[runAgain=" + runAgain + "]";
    }
}
