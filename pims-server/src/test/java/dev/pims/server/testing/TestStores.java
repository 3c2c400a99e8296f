package dev.pims.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * Which store the server tests run on. The build runs the whole test suite twice (pims-server/pom.xml):
 * once with {@code -Dpims.test.store=h2} (embedded H2, always) and once with {@code -Dpims.test.store=postgres}
 * against the server named by the environment variable {@value #ENV_URL}. In the PostgreSQL run every
 * {@link TestServer} gets a database of its own ({@code pims_t_<random>}), created on demand and dropped
 * when the server is closed (or at JVM exit). Without {@value #ENV_URL} the PostgreSQL run is skipped, or
 * fails when {@code CI=true}.
 */
public final class TestStores {
    public static final String PROPERTY = "pims.test.store";
    public static final String ENV_URL = "PIMS_TEST_POSTGRES_URL";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String name : Set.copyOf(CREATED)) {
                drop(name);
            }
        }, "pims-test-db-cleanup"));
    }

    private TestStores() {
    }

    public enum Store { H2, POSTGRES }

    /** The store of this test run ({@code -Dpims.test.store}, default h2). */
    public static Store current() {
        return "postgres".equalsIgnoreCase(System.getProperty(PROPERTY, "h2")) ? Store.POSTGRES : Store.H2;
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Null when PostgreSQL is available; otherwise why the PostgreSQL variant cannot run. */
    public static String unavailableReason() {
        String url = System.getenv(ENV_URL);
        if (url == null || url.isBlank()) {
            return "PostgreSQL variant skipped: the environment variable " + ENV_URL
                    + " is not set (e.g. jdbc:postgresql://localhost:5432/pims_test?user=pims&password=pims;"
                    + " .ci/postgres.sh sets it up)";
        }
        if (!URL.matcher(url.strip()).matches()) {
            return ENV_URL + " is not a jdbc:postgresql://HOST[:PORT]/DB[?...] URL";
        }
        return null;
    }

    /** Aborts (skips) the calling test when PostgreSQL is not configured, or fails it in CI. */
    public static String requirePostgresUrl() {
        String reason = unavailableReason();
        if (reason != null) {
            if (inCi()) {
                throw new IllegalStateException("CI=true but " + reason);
            }
            throw new TestAbortedException(reason);
        }
        return System.getenv(ENV_URL).strip();
    }

    /** Creates a fresh, empty database and returns its JDBC URL (same server, user and options). */
    public static String createDatabase() {
        String base = requirePostgresUrl();
        String name = "pims_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        exec(base, "CREATE DATABASE " + name);
        CREATED.add(name);
        return urlOf(base, name);
    }

    /** Drops a database made by {@link #createDatabase()} (given its URL); other URLs are left alone. */
    public static void dropDatabase(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (m.matches() && CREATED.contains(m.group(2))) {
            drop(m.group(2));
        }
    }

    private static void drop(String name) {
        try {
            exec(System.getenv(ENV_URL).strip(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            CREATED.remove(name);
        } catch (RuntimeException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static String urlOf(String base, String database) {
        Matcher m = URL.matcher(base);
        if (!m.matches()) {
            throw new IllegalStateException(ENV_URL + " is not a jdbc:postgresql URL");
        }
        return m.group(1) + database + (m.group(3) == null ? "" : m.group(3));
    }

    private static void exec(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + statement + " failed (SQL state " + e.getSQLState() + ")",
                    e);
        }
    }

    /** JDBC URL for a test server of the current store: null = embedded H2 under the data directory. */
    public static String jdbcUrlFor(Path dataDir) {
        return current() == Store.POSTGRES ? createDatabase() : null;
    }
}
