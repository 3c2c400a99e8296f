package dev.pims.server.housekeeping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Gives the embedded store's free space back to the file system at start, before the server opens its pool.
 *
 * <p>Why at start only: while the server serves, H2 offers no safe way. {@code SHUTDOWN COMPACT} closes the
 * database; the MVStore's own {@code compactFile}, called while requests commit, closed the database with an
 * internal assertion (tried in HousekeepingTest); {@code SET EXCLUSIVE} to pause the requests around it left them
 * waiting. With {@code WRITE_DELAY 0} (db.Database) the MVStore's background writer, which would compact now and
 * then, does not run either. Between starts the file does not keep growing: the housekeeping deletes keep the
 * live data bounded, and the store writes new chunks into the space that deleted rows freed. At stop, H2 itself
 * compacts for a short time when the last connection closes.
 *
 * <p>{@code compactFile} (moves live chunks to the front of the file and truncates it, for at most
 * {@code maxTime}) is reached through H2's engine classes because no public API exposes it; H2's version is pinned
 * in the build. It runs only when this connection is the database's only session (another server in the same
 * JVM sharing the file, as tests run several nodes, makes it skip).
 */
public final class StoreCompaction {
    private StoreCompaction() {
    }

    /** What a compaction at start did: the file size before and after, in bytes. */
    public record Result(long before, long after) { }

    /**
     * Compacts the embedded store {@code dataDir/pims.mv.db} reached by {@code jdbcUrl}, if the file exists and no
     * other session uses it. Empty result when nothing was done.
     */
    public static java.util.Optional<Result> atStart(Path dataDir, String jdbcUrl, Duration maxTime) {
        Path file = dataDir.resolve("pims.mv.db");
        if (!jdbcUrl.startsWith("jdbc:h2:file:") || !Files.isRegularFile(file) || maxTime.isZero()) {
            return java.util.Optional.empty();
        }
        try {
            long before = Files.size(file);
            try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                if (!(c.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) || !alone(c)) {
                    return java.util.Optional.empty();
                }
                var store = session.getDatabase().getStore();
                MVStore mv = store.getMvStore();
                int retention = mv.getRetentionTime();
                try {
                    store.compactFile((int) Math.max(1, maxTime.toMillis()));
                } finally {
                    mv.setRetentionTime(retention);
                }
            }
            return java.util.Optional.of(new Result(before, Files.size(file)));
        } catch (SQLException | IOException e) {
            // not fatal: the server starts on the uncompacted store, and Database.open reports real problems
            return java.util.Optional.empty();
        }
    }

    private static boolean alone(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            rs.next();
            return rs.getLong(1) == 1;
        }
    }
}
