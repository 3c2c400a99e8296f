package dev.pims.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, migrated by Flyway at open; every unit of work runs through {@link #inTransaction}. */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    /** What transactions use: the pool itself, or the pool wrapped by a test's statement counter. */
    private final DataSource dataSource;

    private Database(HikariDataSource pool, DataSource dataSource) {
        this.pool = pool;
        this.dataSource = dataSource;
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
        return open(jdbcUrl, user, password, UnaryOperator.identity());
    }

    /**
     * {@code wrap} wraps the pool for every transaction (not for the migration): the test-only injection point of
     * a counting DataSource (StatementBudgetTest); production passes the identity.
     */
    public static Database open(String jdbcUrl, String user, String password, UnaryOperator<DataSource> wrap) {
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
            if (jdbcUrl.startsWith("jdbc:h2:file:")) {
                writeEachCommit(ds);
            }
        } catch (RuntimeException | SQLException e) {
            ds.close();
            throw e instanceof SQLException s ? new DataAccessException(s) : (RuntimeException) e;
        }
        return new Database(ds, wrap.apply(ds));
    }

    /**
     * Embedded H2 only. H2's MVStore normally writes committed transactions to its file in the background (about
     * once a second), so a process killed right after a commit could lose it: an OTP verified just before a
     * kill -9 would verify again after the restart (pims-cli CrashSafetyTest). With {@code WRITE_DELAY 0} the
     * store writes every transaction that changed something to the file (the OS page cache: safe against a
     * process crash, not against a power loss) inside its commit, before {@code commit()} returns, so before
     * the request is answered. Transactions that only read write nothing, and commits that queue behind a write
     * in progress find their changes already written by it (a natural group commit).
     *
     * <p>This replaced a {@code CHECKPOINT} statement after every commit: same guarantee, but CHECKPOINT also
     * tries a file compaction each time and costs one more statement and round through the SQL layer.
     * {@code WRITE_DELAY} is a database setting, kept in the file; it is set again at every start. PostgreSQL
     * needs nothing: its commit returns once the WAL is flushed.
     */
    private static void writeEachCommit(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET WRITE_DELAY 0");
            c.commit();
        }
    }

    /** The connection pool (Hikari: metrics registry, tools). */
    public DataSource dataSource() {
        return pool;
    }

    /** One trivial query in a transaction: the readiness check. */
    public boolean ping() {
        return inTransaction(sql -> sql.count("SELECT 1")) == 1;
    }

    /**
     * Runs {@code work} in one transaction: commit on return, roll back on any exception. A transaction that the
     * database aborts as a deadlock victim or a serialization failure ({@link #isRetryable}) is run again, up to
     * {@value #ATTEMPTS} times in all, so {@code work} must have no effect outside the database before it
     * returns (no SMS sent, no meter counted: do those after {@code inTransaction} answers).
     */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (DataAccessException e) {
                if (attempt >= ATTEMPTS || !isRetryable(e.getCause())) {
                    throw e;
                }
            }
        }
    }

    /** How many times {@link #inTransaction} runs a transaction the database aborted as a deadlock victim. */
    public static final int ATTEMPTS = 4;

    private <T> T once(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                T result = work.run(new Sql(c));
                c.commit();
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
     * PostgreSQL's serialization_failure (40001) and deadlock_detected (40P01); H2 reports a deadlock victim
     * with SQL state 40001 as well. Anything else (a constraint, a lock timeout, a lost connection) is not
     * retried.
     */
    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }
}
