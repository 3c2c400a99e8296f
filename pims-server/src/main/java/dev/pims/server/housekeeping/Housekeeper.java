package dev.pims.server.housekeeping;

import dev.pims.server.db.DataAccessException;
import dev.pims.server.db.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The housekeeping job: every {@code interval}, on one node of the cluster at a time ({@link ClusterLease}),
 * deletes what {@link PurgeRules} names in batches of {@code batchSize} rows, each batch its own short
 * transaction (no statement holds locks for long, requests interleave), until a batch comes back short or the
 * run's batch budget is spent. The embedded store is compacted at start ({@link StoreCompaction}). Meter {@code pims.housekeeping.deleted} (tag {@code table}) counts deleted rows.
 */
public final class Housekeeper implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicLong scheduledRuns = new java.util.concurrent.atomic.AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
    /** Batches per table per run: a backlog larger than this is worked off over the next runs. */
    static final int MAX_BATCHES_PER_RUN = 200;
    private final Database db;
    private final Clock clock;
    private final HousekeepingConfig config;
    private final MeterRegistry registry;
    private final ClusterLease lease;
    private final List<PurgeRule> rules;
    private final Set<String> warned = new HashSet<>();
    private final Object running = new Object();
    private ScheduledExecutorService scheduler;

    public Housekeeper(Database db, Clock clock, HousekeepingConfig config, MeterRegistry registry) {
        this.db = db;
        this.clock = clock;
        this.config = config;
        this.registry = registry;
        Duration ttl = config.interval().multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                ? config.interval().multipliedBy(2) : Duration.ofMinutes(1);
        this.lease = new ClusterLease(db, "housekeeping", UUID.randomUUID().toString(), clock, ttl);
        this.rules = PurgeRules.all(config);
    }

    /** What one run did. {@code ran} is false when another node held the lease. */
    public record Report(boolean ran, Map<String, Long> deleted) {
        public long total() {
            return deleted.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Starts the periodic runs, the first one at once. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("pims-housekeeping").factory());
        scheduler.scheduleWithFixedDelay(this::runQuietly, 0, config.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scheduled runs finished so far on this node (tests wait for the one at start before counting statements). */
    public long scheduledRuns() {
        return scheduledRuns.get();
    }

    private void runQuietly() {
        try {
            Report r = runOnce();
            if (r.total() > 0) {
                LOG.info("housekeeping: deleted {} rows {}", r.total(), r.deleted());
            }
        } catch (RuntimeException e) {
            // the next run tries again; the message carries no data (DataAccessException: SQL state only)
            LOG.warn("housekeeping run failed: {}", e.getMessage());
        } finally {
            scheduledRuns.incrementAndGet();
        }
    }

    /** One run, now (the scheduler's, or a test's or an operator's). Runs of one node never overlap. */
    public Report runOnce() {
        synchronized (running) {
            if (!lease.tryAcquire()) {
                return new Report(false, Map.of());
            }
            try {
                Map<String, Long> deleted = new LinkedHashMap<>();
                Set<String> tables = existingTables();
                for (PurgeRule rule : rules) {
                    if (tables.contains(rule.table())) {
                        long n = purge(rule);
                        deleted.put(rule.table(), n);
                    }
                    lease.tryAcquire(); // extends the lease during a long run
                }
                return new Report(true, Map.copyOf(deleted));
            } finally {
                lease.release();
            }
        }
    }

    private long purge(PurgeRule rule) {
        String statement = rule.deleteBatch(config.batchSize());
        long total = 0;
        Counter counter = Counter.builder("pims.housekeeping.deleted").description("Rows deleted by housekeeping")
                .tag("table", rule.table()).register(registry);
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                Object[] params = rule.parameters().apply(clock.millis());
                int n = db.inTransaction(sql -> sql.update(statement, params));
                total += n;
                counter.increment(n);
                if (n < config.batchSize()) {
                    break;
                }
            }
        } catch (DataAccessException e) {
            // a table whose columns changed under a later migration: the other tables are still cleaned
            if (warned.add(rule.table())) {
                LOG.warn("housekeeping cannot purge {}: {}", rule.table(), e.getMessage());
            }
        }
        return total;
    }

    private Set<String> existingTables() {
        Set<String> names = new HashSet<>();
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && (schema.equalsIgnoreCase("information_schema")
                            || schema.equalsIgnoreCase("pg_catalog"))) {
                        continue;
                    }
                    names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return names;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }
}
