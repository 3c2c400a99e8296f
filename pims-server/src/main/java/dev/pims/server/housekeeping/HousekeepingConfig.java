package dev.pims.server.housekeeping;

import java.time.Duration;

/**
 * How the housekeeping job runs (docs/operations.md, "Housekeeping").
 *
 * @param interval time between two runs on a node (only one node of the cluster runs at a time)
 * @param auditRetentionDays audit rows older than this are deleted; 0 keeps them for ever
 * @param batchSize rows deleted per statement (one short transaction each)
 * @param compactAtStart compact the embedded store at start when it has grown (StoreCompaction)
 */
public record HousekeepingConfig(Duration interval, int auditRetentionDays, int batchSize, boolean compactAtStart) {
    public static final int DEFAULT_AUDIT_RETENTION_DAYS = 90;

    public HousekeepingConfig {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the housekeeping interval must be positive");
        }
        if (auditRetentionDays < 0) {
            throw new IllegalArgumentException("the audit retention must be 0 (keep) or a number of days");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the housekeeping batch size must be positive");
        }
    }

    public static HousekeepingConfig defaults() {
        return new HousekeepingConfig(Duration.ofMinutes(1), DEFAULT_AUDIT_RETENTION_DAYS, 1000, true);
    }

    public HousekeepingConfig withInterval(Duration v) {
        return new HousekeepingConfig(v, auditRetentionDays, batchSize, compactAtStart);
    }

    public HousekeepingConfig withAuditRetentionDays(int v) {
        return new HousekeepingConfig(interval, v, batchSize, compactAtStart);
    }

    public HousekeepingConfig withBatchSize(int v) {
        return new HousekeepingConfig(interval, auditRetentionDays, v, compactAtStart);
    }
}
