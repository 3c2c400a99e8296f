package dev.pims.server.device;

/**
 * The OTP issuance counters of one device: a per-minute and a per-hour fixed window (aligned on the epoch), kept
 * on the device row and changed with its row lock held, so they are exact across nodes.
 */
public record OtpIssuance(long minuteStart, int minuteCount, long hourStart, int hourCount) {
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;

    /** The counters once one more issuance at {@code now} is counted. */
    public OtpIssuance plusOne(long now) {
        long m = now - Math.floorMod(now, MINUTE);
        long h = now - Math.floorMod(now, HOUR);
        return new OtpIssuance(m, (m == minuteStart ? minuteCount : 0) + 1, h, (h == hourStart ? hourCount : 0) + 1);
    }

    /** Would one more issuance at {@code now} stay within both limits (0 = no limit)? */
    public boolean allows(long now, int perMinute, int perHour) {
        OtpIssuance next = plusOne(now);
        return (perMinute <= 0 || next.minuteCount <= perMinute) && (perHour <= 0 || next.hourCount <= perHour);
    }
}
