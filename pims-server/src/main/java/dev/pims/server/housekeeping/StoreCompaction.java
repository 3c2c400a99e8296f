package dev.pims.server.housekeeping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps the embedded store's file bounded (PostgreSQL needs nothing: autovacuum reuses the space of deleted rows).
 *
 * <p><b>While serving</b>, {@link #limitRetention}: the MVStore keeps every chunk it replaced for
 * {@code RETENTION_TIME} (45 s by default) before it may reuse the space. With {@code WRITE_DELAY 0} (db.Database)
 * every committing transaction writes a chunk, so under load the file grew by the whole of 45 s of chunks, again
 * and again (the 7 MB/s of issue 7). One second keeps the reuse quick; the retention only protects against a
 * file system that has not written its buffers after a power loss, a case {@code WRITE_DELAY 0} already leaves to
 * PostgreSQL (a process crash, kill -9, is safe: the OS has the written chunks).
 *
 * <p><b>At start</b>, {@link #atStart}: {@code SHUTDOWN COMPACT} rewrites the file with only its live data when it
 * has grown past {@value #COMPACT_ABOVE_BYTES} bytes, before the server opens its pool. Not while serving: H2 has
 * no online compaction that is safe (its MVStore {@code compactFile}, tried at start and while requests commit,
 * failed an internal assertion and closed the database), and {@code SHUTDOWN COMPACT} closes the database.
 * It runs only when this connection is the database's only session (tests run several nodes on one file in one
 * JVM; then it skips).
 */
public final class StoreCompaction {
    /** Below this size a compaction at start is not worth its time. */
    public static final long COMPACT_ABOVE_BYTES = 4L << 20;
    /** Milliseconds the store keeps a replaced chunk before reusing its space. */
    public static final int RETENTION_MILLIS = 1000;

    private StoreCompaction() {
    }

    /** What a compaction at start did: the file size before and after, in bytes. */
    public record Result(long before, long after) { }

    /**
     * Compacts the embedded store {@code dataDir/pims.mv.db} reached by {@code jdbcUrl} if the file exists, is
     * larger than {@link #COMPACT_ABOVE_BYTES} and no other session uses it. Empty when nothing was done.
     */
    public static Optional<Result> atStart(Path dataDir, String jdbcUrl) {
        Path file = dataDir.resolve("pims.mv.db");
        try {
            if (!jdbcUrl.startsWith("jdbc:h2:file:") || !Files.isRegularFile(file)
                    || Files.size(file) <= COMPACT_ABOVE_BYTES) {
                return Optional.empty();
            }
            long before = Files.size(file);
            try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        return Optional.empty();
                    }
                }
                s.execute("SHUTDOWN COMPACT");
            }
            return Optional.of(new Result(before, Files.size(file)));
        } catch (SQLException | IOException e) {
            // not fatal: the server starts on the uncompacted store, and Database.open reports real problems
            return Optional.empty();
        }
    }

    /** Embedded H2 only: lets the store reuse the space of replaced chunks after one second. */
    public static void limitRetention(DataSource ds, String jdbcUrl) throws SQLException {
        if (!jdbcUrl.startsWith("jdbc:h2:file:")) {
            return;
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME " + RETENTION_MILLIS);
            c.commit();
        }
    }
}
