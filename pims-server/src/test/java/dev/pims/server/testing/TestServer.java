package dev.pims.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pims.protocol.wire.FormEncoding;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.PimsServer;
import dev.pims.server.accountapi.AccountSecurityConfig;
import dev.pims.server.ServerConfig;
import dev.pims.server.housekeeping.HousekeepingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An in-process server on port 0 with a movable clock, and HTTP helpers. Records secrets for the log check.
 * Its store follows {@link TestStores#current()}: embedded H2 under the data directory, or a fresh
 * PostgreSQL database of its own (dropped at {@link #close()}), so that every test using this class runs on
 * both stores with no extra work. {@link #newNode()} starts another server on the same store (multi-node).
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghij";
    public static final String MASTER_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final ObjectMapper JSON = new ObjectMapper();
    public final MutableClock clock;
    public final Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Set<String> secrets;
    private final String jdbcUrl;
    private final boolean ownsStore;
    /** Tests drive housekeeping themselves ({@code server().housekeeper().runOnce()}): one run at start only. */
    private HousekeepingConfig housekeeping = HousekeepingConfig.defaults().withInterval(Duration.ofDays(1));
    private PimsServer server;
    private volatile String remoteUrl;
    /** Changes to the server configuration of this test (limits, cache lifetime, a statement counter). */
    private final UnaryOperator<ServerConfig.Builder> custom;

    /**
     * The account API's defences in most tests: every test client is 127.0.0.1, so the per-address budgets of
     * wrong codes and passwords are lifted; tests of those budgets pass {@link AccountSecurityConfig#defaults()}.
     */
    public static final AccountSecurityConfig LENIENT = AccountSecurityConfig.defaults()
            .withLoginFailuresPerMinute(0).withCodeFailures(0, 0);

    public TestServer(Path dataDir) {
        this(dataDir, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));
    }

    public TestServer(Path dataDir, MutableClock clock) {
        this(dataDir, clock, UnaryOperator.identity());
    }

    public TestServer(Path dataDir, MutableClock clock, AccountSecurityConfig security) {
        this(dataDir, clock, b -> b.accountSecurity(security));
    }

    /** A server in the given mode (the other constructors start development servers: pims-dev, the outbox). */
    public TestServer(Path dataDir, dev.pims.server.RunMode mode) {
        this(dataDir, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), b -> b.mode(mode));
    }

    /** A server with its own housekeeping settings (audit retention, batch size). */
    public TestServer(Path dataDir, MutableClock clock, HousekeepingConfig housekeeping) {
        this(dataDir, clock, b -> b.housekeeping(housekeeping));
    }

    /** A server whose configuration {@code custom} adjusts (after the test defaults), on {@code clock}. */
    public TestServer(Path dataDir, MutableClock clock, UnaryOperator<ServerConfig.Builder> custom) {
        this(dataDir, clock, TestStores.jdbcUrlFor(dataDir), true, ConcurrentHashMap.newKeySet(), custom);
    }

    /** A server whose configuration {@code custom} changes (its other nodes get the same changes). */
    public TestServer(Path dataDir, UnaryOperator<ServerConfig.Builder> custom) {
        this(dataDir, new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), TestStores.jdbcUrlFor(dataDir), true,
                ConcurrentHashMap.newKeySet(), custom);
    }

    private TestServer(Path dataDir, MutableClock clock, String jdbcUrl, boolean ownsStore, Set<String> secrets,
            UnaryOperator<ServerConfig.Builder> custom) {
        this.custom = custom;
        this.secrets = secrets;
        this.dataDir = dataDir;
        this.clock = clock;
        this.jdbcUrl = jdbcUrl;
        this.ownsStore = ownsStore;
        try {
            start();
        } catch (RuntimeException e) {
            if (ownsStore && jdbcUrl != null) {
                TestStores.dropDatabase(jdbcUrl);
            }
            throw e;
        }
    }

    /**
     * Another node on the same store (same database, master key, admin token and clock), as a load-balanced
     * deployment would run it. Closing a node leaves the store to its owner.
     */
    public TestServer newNode() {
        return new TestServer(dataDir, clock, jdbcUrl, false, secrets, custom);
    }

    /** Another node on the same store, in {@code mode} (a store used in one mode, then started in the other). */
    public TestServer newNode(dev.pims.server.RunMode mode) {
        return new TestServer(dataDir, clock, jdbcUrl, false, secrets, b -> custom.apply(b).mode(mode));
    }

    /**
     * {@code n} nodes started at the same moment on one fresh store (the race of a first start: migrations,
     * default integration and its factory key). The first node owns the store.
     */
    public static List<TestServer> startTogether(Path dataDir, MutableClock clock, int n) throws Exception {
        String url = TestStores.jdbcUrlFor(dataDir);
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        List<Future<TestServer>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                boolean owner = i == 0;
                futures.add(pool.submit(() -> {
                    go.await();
                    return new TestServer(dataDir, clock, url, owner, secrets, UnaryOperator.identity());
                }));
            }
            go.countDown();
        }
        List<TestServer> nodes = new ArrayList<>();
        for (Future<TestServer> f : futures) {
            nodes.add(f.get());
        }
        return nodes;
    }

    /** The JDBC URL of the store; empty for embedded H2. */
    public java.util.Optional<String> jdbcUrl() {
        return java.util.Optional.ofNullable(jdbcUrl);
    }

    public void start() {
        if (remoteUrl != null) {
            return;
        }
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .adminToken(ADMIN_TOKEN).masterKey(MASTER_KEY).clock(clock).keyPoolSize(4)
                .accountSecurity(LENIENT).housekeeping(housekeeping).development();
        if (jdbcUrl != null) {
            b.jdbcUrl(jdbcUrl);
        }
        server = PimsServer.start(custom.apply(b).build());
    }

    /** Stops the server; the store is kept ({@link #start()} again sees the same data). */
    public void stop() {
        if (server != null) {
            server.close();
        }
    }

    public String baseUrl() {
        return remoteUrl != null ? remoteUrl : server.baseUrl();
    }

    /**
     * A client of a server running elsewhere (e.g. a {@code pims server} process started with
     * {@code PIMS_ADMIN_TOKEN=}{@value #ADMIN_TOKEN}): the HTTP helpers and {@link TestDevice} work against it;
     * start/stop/close do nothing. {@link #pointAt} follows the server to a new address after a restart.
     */
    public static TestServer client(String baseUrl) {
        return new TestServer(baseUrl);
    }

    private TestServer(String remoteUrl) {
        this.remoteUrl = remoteUrl;
        this.dataDir = null;
        this.clock = null;
        this.jdbcUrl = null;
        this.ownsStore = false;
        this.secrets = ConcurrentHashMap.newKeySet();
        this.custom = UnaryOperator.identity();
    }

    public void pointAt(String baseUrl) {
        if (remoteUrl == null) {
            throw new IllegalStateException("not a client");
        }
        remoteUrl = baseUrl;
    }

    public PimsServer server() {
        return server;
    }

    /** Remembers a value that must never appear in a log line. */
    public String secret(String value) {
        if (value != null && value.length() >= 4) {
            secrets.add(value);
        }
        return value;
    }

    public Set<String> secrets() {
        return secrets;
    }

    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Response send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response admin(String method, String path, String body) {
        return send(method, path, body, ADMIN_TOKEN);
    }

    public void createUser(String login) {
        admin("POST", "/admin/v1/users", "{\"login\":\"" + login + "\"}");
    }

    public String activationCode(String login, String macid) {
        Response r = admin("POST", "/admin/v1/users/" + login + "/activation-codes", "{\"macid\":\"" + macid + "\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("activation code: " + r.status() + " " + r.body());
        }
        return secret(r.json().get("code").asText());
    }

    public JsonNode user(String login) {
        return admin("GET", "/admin/v1/users/" + login, null).json();
    }

    public void createIntegration(String json) {
        Response r = admin("POST", "/admin/v1/integrations", json);
        if (r.status() != 201) {
            throw new IllegalStateException("integration: " + r.status() + " " + r.body());
        }
    }

    /** Raw device request with an already-encoded query; returns status and body. */
    public Response macRaw(String query) {
        return send("GET", "/iwws/MAC?" + query, null, null);
    }

    public WireMessage mac(Map<String, String> params) {
        Response r = macRaw(FormEncoding.encode(params));
        if (r.status() != 200) {
            throw new IllegalStateException("device endpoint answered " + r.status());
        }
        return WireXml.read(r.body()).orElseThrow(() -> new IllegalStateException("unreadable XML"));
    }

    public JsonNode verify(String login, String otp, Boolean requirePin) {
        String body = "{\"login\":\"" + login + "\",\"otp\":\"" + otp + "\""
                + (requirePin == null ? "" : ",\"requirePin\":" + requirePin) + "}";
        return send("POST", "/api/v1/otp/verify", body, ADMIN_TOKEN).json();
    }

    /** Stops the server and, for the owner of a PostgreSQL test database, drops that database. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (ownsStore && jdbcUrl != null) {
                TestStores.dropDatabase(jdbcUrl);
            }
        }
    }
}
