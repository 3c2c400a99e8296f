package dev.pims.server.housekeeping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows nothing needs any more, per table. Margins: {@link #GRACE} after expiry or use for what a request
 * can still be looking at (clocks of nodes differ a little; an OTP being verified right at its expiry), and
 * {@link #CODE_KEEP} for codes and per-day counters, which the per-day limits and the audit of a day still read.
 * OAuth tokens: expired ones go after the grace period, revoked access and id tokens too; a revoked (rotated)
 * refresh token stays for {@link #REFRESH_REUSE_WINDOW} while its family still has a live token, so that presenting
 * it again within that window is still recognised as reuse and revokes the family. Later it is simply unknown
 * (refused, but without revoking the family): the price of a bounded table under a refresh loop.
 */
final class PurgeRules {
    static final Duration GRACE = Duration.ofMinutes(10);
    static final Duration CODE_KEEP = Duration.ofHours(25);
    static final Duration REFRESH_REUSE_WINDOW = Duration.ofDays(1);

    private PurgeRules() {
    }

    static List<PurgeRule> all(HousekeepingConfig config) {
        long grace = GRACE.toMillis();
        long keep = CODE_KEEP.toMillis();
        List<PurgeRule> rules = new ArrayList<>();
        rules.add(new PurgeRule("challenges", "device_id", "x.expires_at < ? OR x.used_at < ?",
                now -> new Object[] {now - grace, now - grace}));
        rules.add(new PurgeRule("issued_otps", "id", "x.expires_at < ? OR x.used_at < ?",
                now -> new Object[] {now - grace, now - grace}));
        rules.add(new PurgeRule("activation_codes", "id", "x.expires_at < ? OR x.used_at < ?",
                now -> new Object[] {now - keep, now - keep}));
        rules.add(new PurgeRule("sms_codes", "id", "x.created_at < ? AND (x.used_at IS NOT NULL OR x.expires_at < ?)",
                now -> new Object[] {now - keep, now}));
        long reuse = REFRESH_REUSE_WINDOW.toMillis();
        rules.add(new PurgeRule("oauth_tokens", "token_hash", "x.expires_at < ? OR x.revoked_at < ?"
                + " OR (x.revoked_at < ? AND (x.kind <> 'refresh' OR NOT EXISTS (SELECT 1 FROM oauth_tokens l"
                + " WHERE l.family = x.family AND l.revoked_at IS NULL AND l.expires_at > ?)))",
                now -> new Object[] {now - grace, now - reuse, now - grace, now}));
        if (config.auditRetentionDays() > 0) {
            long retention = Duration.ofDays(config.auditRetentionDays()).toMillis();
            rules.add(new PurgeRule("audit_log", "id", "x.at < ?", now -> new Object[] {now - retention}));
        }
        rules.add(new PurgeRule("sms_outbox", "id", "x.sent_at < ?", now -> new Object[] {now - keep}));
        // the database-held address counters of issue 7 item 3 move to memory; while the table exists, its
        // finished windows go (PIN back-off rows with a running block stay)
        rules.add(new PurgeRule("rate_limits", "bucket, subject",
                "x.updated_at < ? AND (x.blocked_until IS NULL OR x.blocked_until < ?)",
                now -> new Object[] {now - keep, now}));
        return List.copyOf(rules);
    }
}
