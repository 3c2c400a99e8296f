package dev.pims.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, migrated by Flyway at open; every unit of work runs through {@link #inTransaction}. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final boolean flushAfterCommit;
    private final AtomicLong committed = new AtomicLong();
    private final ReentrantLock flushLock = new ReentrantLock();
    private long flushed; // guarded by flushLock

    private Database(HikariDataSource dataSource, boolean flushAfterCommit) {
        this.dataSource = dataSource;
        this.flushAfterCommit = flushAfterCommit;
    }

    /** JDBC URL of the embedded store under {@code dataDir}: H2 in PostgreSQL compatibility mode. */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pims").toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000"
                // parsed statements kept per connection: the server uses a few dozen distinct statements, H2's
                // default of 8 made it parse most of them again on every use
                + ";QUERY_CACHE_SIZE=128";
    }

    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(16);
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("pims-db");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, jdbcUrl.startsWith("jdbc:h2:file:"));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction: commit on return, roll back on any exception. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                Sql sql = new Sql(c);
                T result = work.run(sql);
                c.commit();
                if (flushAfterCommit && sql.wrote()) {
                    flush(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /**
     * Embedded H2 only: H2's MVStore writes committed transactions to its file in the background (about
     * once a second, and a commit racing with a background write may be left for the next one), so a
     * process killed right after a commit could lose it: an OTP verified just before a kill -9 would verify
     * again after the restart. CHECKPOINT writes every committed change to the file (the OS page cache: safe
     * against a process crash, not against a power loss) before the request is answered. PostgreSQL needs
     * nothing: its commit returns once the WAL is flushed.
     *
     * <p>Group commit: one CHECKPOINT writes the changes of every transaction committed before it started, so
     * a transaction does not need a CHECKPOINT of its own when one that started after its commit has finished.
     * Each writing transaction takes a ticket after its commit; one thread at a time runs CHECKPOINT and then
     * marks every ticket issued before it started as flushed; the others wait for the lock and return at once
     * when a CHECKPOINT already covered them. Under load one CHECKPOINT serves many requests; alone, a
     * request pays exactly one, as before. Transactions that wrote nothing need none.
     */
    private void flush(Connection c) throws SQLException {
        long ticket = committed.incrementAndGet();
        flushLock.lock();
        try {
            if (flushed >= ticket) {
                return; // a CHECKPOINT that started after our commit has finished
            }
            long upTo = committed.get();
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
            c.commit();
            flushed = upTo;
        } finally {
            flushLock.unlock();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }
}
