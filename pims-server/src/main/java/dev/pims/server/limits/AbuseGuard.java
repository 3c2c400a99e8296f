package dev.pims.server.limits;

import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import dev.pims.server.integration.Integration;
import dev.pims.server.metrics.ServerMetrics;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The abuse limits, enforced with database counters so they hold across nodes (docs/operations.md). Methods
 * taking a {@link Sql} count inside the caller's transaction; the others run their own short transaction.
 * Every call counts one hit, refused or not.
 *
 * <p>For the account API: before sending an SMS to an account, call
 * {@code guard.allowSms(sql, guard.limits(sql, macid), login, now)} inside the transaction that holds the
 * account row lock (or {@link #allowSms(String, String)} outside one) and refuse the request when it answers
 * false.
 */
public final class AbuseGuard {
    public static final String SMS_DAY = "sms.account.day";
    public static final String OTP_MINUTE = "otp.device.minute";
    public static final String OTP_HOUR = "otp.device.hour";
    public static final String DEVICE_ADDRESS = "mac.address.minute";
    public static final String VERIFY_ADDRESS = "verify.address.minute";
    public static final String ADMIN_ADDRESS = "admin.address.minute";
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 86_400_000L;
    private final Database db;
    private final RateLimiter limiter;
    private final AbuseLimitsRepository repo;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final int adminPerMinute;

    public AbuseGuard(Database db, RateLimiter limiter, AbuseLimitsRepository repo, ServerMetrics metrics, Clock clock,
            int adminPerMinute) {
        this.db = db;
        this.limiter = limiter;
        this.repo = repo;
        this.metrics = metrics;
        this.clock = clock;
        this.adminPerMinute = adminPerMinute;
    }

    /** Allowed, or refused with the seconds until the window ends (for {@code Retry-After}). */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision OK = new Decision(true, 0);
    }

    public RateLimiter limiter() {
        return limiter;
    }

    public ServerMetrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }

    /** The limits of {@code macid}; an unknown or null macid gets those of the default integration. */
    public AbuseLimits limits(Sql sql, String macid) throws SQLException {
        if (macid != null) {
            var own = repo.find(sql, macid);
            if (own.isPresent()) {
                return own.get();
            }
            if (sql.count("SELECT COUNT(*) FROM integrations WHERE macid = ?", macid) > 0) {
                return AbuseLimits.defaults();
            }
        }
        return repo.find(sql, Integration.DEFAULT_MACID).orElse(AbuseLimits.defaults());
    }

    public AbuseLimits limits(String macid) {
        return db.inTransaction(sql -> limits(sql, macid));
    }

    /** Replaces the limits of an existing integration. */
    public void save(String macid, AbuseLimits limits) {
        db.inTransaction(sql -> {
            repo.save(sql, macid, limits);
            return null;
        });
    }

    /** One SMS to {@code login}: false when the account's daily SMS budget is spent. */
    public boolean allowSms(Sql sql, AbuseLimits l, String login, long now) throws SQLException {
        return check(sql, SMS_DAY, login, l.smsPerAccountPerDay(), DAY, now).allowed();
    }

    public boolean allowSms(String macid, String login) {
        long now = clock.millis();
        return db.inTransaction(sql -> allowSms(sql, limits(sql, macid), login, now));
    }

    /** One OTP issuance (set-up) for a device: per-minute and per-hour budgets. */
    public boolean allowOtpIssue(Sql sql, AbuseLimits l, String deviceId, long now) throws SQLException {
        boolean minute = check(sql, OTP_MINUTE, deviceId, l.otpPerDevicePerMinute(), MINUTE, now).allowed();
        boolean hour = check(sql, OTP_HOUR, deviceId, l.otpPerDevicePerHour(), HOUR, now).allowed();
        return minute && hour;
    }

    /** One device-endpoint request from {@code address}, limited by the policy of the request's macid. */
    public Decision allowDeviceRequest(String macid, String address) {
        long now = clock.millis();
        return db.inTransaction(sql ->
                check(sql, DEVICE_ADDRESS, address, limits(sql, macid).deviceRequestsPerAddressPerMinute(), MINUTE, now));
    }

    /** One verification request from {@code address} ({@code macid} null: the default integration's limit). */
    public Decision allowVerify(String macid, String address) {
        long now = clock.millis();
        return db.inTransaction(sql ->
                check(sql, VERIFY_ADDRESS, address, limits(sql, macid).verifyRequestsPerAddressPerMinute(), MINUTE, now));
    }

    /** One admin request from {@code address} (a server setting, not per integration). */
    public Decision allowAdmin(String address) {
        long now = clock.millis();
        return db.inTransaction(sql -> check(sql, ADMIN_ADDRESS, address, adminPerMinute, MINUTE, now));
    }

    private Decision check(Sql sql, String bucket, String subject, int limit, long windowMs, long now)
            throws SQLException {
        if (limit <= 0) {
            return Decision.OK;
        }
        int hits = limiter.hit(sql, bucket, subject, windowMs, now);
        if (hits <= limit) {
            return Decision.OK;
        }
        metrics.limitExceeded(bucket);
        long windowEnd = now - Math.floorMod(now, windowMs) + windowMs;
        return new Decision(false, Math.max(1, (windowEnd - now + 999) / 1000));
    }
}
