package dev.pims.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool, migrated by Flyway at open; every unit of work runs through {@link #inTransaction}. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** JDBC URL of the embedded store under {@code dataDir}: H2 in PostgreSQL compatibility mode. */
    public static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("pims").toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000";
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
        return new Database(ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction: commit on return, roll back on any exception. */
    public <T> T inTransaction(Work<T> work) {
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

    @Override
    public void close() {
        dataSource.close();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Sql sql) throws SQLException;
    }
}
