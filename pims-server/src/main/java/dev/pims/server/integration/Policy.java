package dev.pims.server.integration;

/** Per-integration policy; {@link #defaults()} are those of server-apis.md. */
public record Policy(
        int pinMinLength,
        int pinMaxLength,
        int maxPinErrors,
        int maxDevices,
        int maxActivations,
        int codeLength,
        int codeLifetimeSeconds,
        int codeMaxTries,
        int challengeLifetimeSeconds,
        int otpLifetimeSeconds,
        boolean pinlessAllowed,
        String minClientVersion,
        int rsaBits) {

    public static Policy defaults() {
        return new Policy(4, 8, 5, 5, 20, 8, 600, 3, 60, 120, true, "", 1024);
    }

    /** Returns the first rule this policy breaks, or null when it is valid. */
    public String problem() {
        if (pinMinLength < 4 || pinMaxLength > 16 || pinMinLength > pinMaxLength) {
            return "PIN length must satisfy 4 <= pinMinLength <= pinMaxLength <= 16";
        }
        if (maxPinErrors < 1 || maxDevices < 1 || maxActivations < 1 || codeMaxTries < 1) {
            return "limits must be at least 1";
        }
        if (codeLength < 6 || codeLength > 16) {
            return "codeLength must be between 6 and 16";
        }
        if (codeLifetimeSeconds < 10 || challengeLifetimeSeconds < 5 || otpLifetimeSeconds < 5) {
            return "lifetimes are too short";
        }
        if (rsaBits < 1024 || rsaBits > 4096 || rsaBits % 64 != 0) {
            return "rsaBits must be a multiple of 64 between 1024 and 4096";
        }
        if (minClientVersion == null || minClientVersion.length() > 64) {
            return "minClientVersion must be at most 64 characters";
        }
        return null;
    }

    /** True when {@code pin} is only digits and its length is within the policy. */
    public boolean acceptsPin(String pin) {
        return pin.length() >= pinMinLength && pin.length() <= pinMaxLength
                && pin.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
