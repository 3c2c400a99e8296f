package dev.pims.bench;

import dev.pims.server.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under the embedded store's cost per OTP cycle: what one durable writing transaction costs on H2, through
 * the server's own {@link Database} (Hikari, the migrated schema, {@code WRITE_DELAY 0}), against a transaction that
 * only reads ({@link #readOnlyTransaction}, the readiness check's {@code SELECT 1}: the baseline). An OTP cycle has
 * three writing transactions (the challenge, the ratchet with the OTP, the single use), so three times
 * {@link #writingTransaction} is a lower bound of its database cost on this store whatever the statements do.
 *
 * <p>{@code writeDelay=500} runs the same with H2 writing its file in the background (not safe against kill -9, which
 * the server refuses to give up): the difference is the file write inside each commit. Single-threaded by
 * default; {@code -t 16 -bm thrpt} runs 16 threads, where commits that queue behind a write in progress share it
 * (on 2 saturated cores, CPU per commit = 2 s / the throughput).
 *
 * <p>Each trial uses a fresh database in a temporary directory, deleted at the end: the benchmark leaves nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StoreCommitBenchmark {
    @Param({"0", "500"})
    public int writeDelay;

    private static final int ROWS = 1024;
    private Path dir;
    private Database db;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("pims-commit-bench");
        db = Database.open(Database.embeddedUrl(dir), null, null);
        db.inTransaction(sql -> {
            // a table of the benchmark's own (the database is a fresh temporary one): one row per update, so
            // that concurrent runs ({@code -t 16}) measure commits, not waits for one row's lock
            sql.update("CREATE TABLE bench_commit (id INT PRIMARY KEY, n BIGINT NOT NULL)");
            for (int i = 0; i < ROWS; i++) {
                sql.update("INSERT INTO bench_commit (id, n) VALUES (?, 0)", i);
            }
            return sql.update("SET WRITE_DELAY " + writeDelay);
        });
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The baseline: one transaction with one trivial read, nothing to write at commit. */
    @Benchmark
    public boolean readOnlyTransaction() {
        return db.ping();
    }

    /** One transaction that updates one row (of 1,024, chosen at random) and commits it. */
    @Benchmark
    public int writingTransaction() {
        int id = ThreadLocalRandom.current().nextInt(ROWS);
        return db.inTransaction(sql -> sql.update("UPDATE bench_commit SET n = n + 1 WHERE id = ?", id));
    }
}
