package dev.pims.server.device;

/** The one live challenge of a device (a new one replaces the previous). */
public record Challenge(String deviceId, String purpose, String value, long issuedAt, long expiresAt, Long usedAt) {
    public static final String MS = "ms";
    public static final String OTP = "otp";
}
