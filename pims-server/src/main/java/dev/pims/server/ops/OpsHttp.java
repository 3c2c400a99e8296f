package dev.pims.server.ops;

import dev.pims.server.metrics.ServerMetrics;
import dev.pims.server.crypto.Digests;
import dev.pims.server.db.Database;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.http.RateLimited;
import dev.pims.server.http.RequestLog;
import dev.pims.server.limits.AddressLimiter;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The operational side of the HTTP app: request ids and access log, {@code /health} (liveness),
 * {@code /health/ready} (readiness with a database check), {@code /metrics} (Prometheus text), the admin and
 * metrics request limits per client address (in memory, this node), and the TLS connector.
 */
public final class OpsHttp {
    private final OpsConfig config;
    private final RequestLog requestLog;
    private final ServerMetrics metrics;
    private final Database db;
    private final AddressLimiter adminLimiter;
    private final AddressLimiter metricsLimiter;
    private final String adminToken;

    public OpsHttp(OpsConfig config, ClientAddress clients, ServerMetrics metrics, Database db,
            AddressLimiter adminLimiter, AddressLimiter metricsLimiter, String adminToken) {
        this.config = config;
        this.requestLog = new RequestLog(clients, metrics);
        this.metrics = metrics;
        this.db = db;
        this.adminLimiter = adminLimiter;
        this.metricsLimiter = metricsLimiter;
        this.adminToken = adminToken;
    }

    public void configure(JavalinConfig c) {
        c.requestLogger.http(requestLog);
        c.routes.before(requestLog::begin);
        c.routes.before("/admin/*", ctx -> limit(ctx, adminLimiter));
        c.routes.before("/metrics", ctx -> limit(ctx, metricsLimiter));
        c.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        c.routes.get("/health/ready", this::ready);
        c.routes.get("/metrics", this::metrics);
        c.routes.after("/admin/v1/users/{login}/block", ctx -> {
            if (ctx.statusCode() == 200) {
                metrics.accountBlocked("admin");
            }
        });
        if (config.tlsKeystore().isPresent()) {
            c.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(config.tlsKeystore().get().toAbsolutePath().toString());
                ssl.setKeyStoreType(config.tlsKeystoreType());
                config.tlsKeystorePassword().ifPresent(ssl::setKeyStorePassword);
                HttpConfiguration https = new HttpConfiguration(http);
                https.addCustomizer(new SecureRequestCustomizer());
                ServerConnector connector = new ServerConnector(server,
                        new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
                connector.setHost(c.jetty.host);
                connector.setPort(c.jetty.port);
                return connector;
            });
        }
    }

    /** Loads the keystore once at start so a wrong path or password fails early, with a clear message. */
    public static void checkKeystore(OpsConfig config) {
        if (config.tlsKeystore().isEmpty()) {
            return;
        }
        try (var in = java.nio.file.Files.newInputStream(config.tlsKeystore().get())) {
            KeyStore ks = KeyStore.getInstance(config.tlsKeystoreType());
            ks.load(in, config.tlsKeystorePassword().map(String::toCharArray).orElse(null));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load the TLS keystore " + config.tlsKeystore().get()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void limit(Context ctx, AddressLimiter limiter) {
        AddressLimiter.Decision d = limiter.tryAcquire(ClientAddress.of(ctx));
        if (!d.allowed()) {
            metrics.limitExceeded(limiter.name());
            throw RateLimited.answer(ctx, d);
        }
    }

    private void ready(Context ctx) {
        boolean up;
        try {
            up = CompletableFuture.supplyAsync(db::ping,
                            command -> Thread.ofVirtual().name("pims-ready").start(command))
                    .get(config.readinessTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            up = false;
        } catch (Exception e) {
            up = false;
        }
        String state = up ? "UP" : "DOWN";
        ctx.status(up ? 200 : 503).contentType("application/json")
                .result("{\"status\":\"" + state + "\",\"checks\":{\"database\":\"" + state + "\"}}");
    }

    private void metrics(Context ctx) {
        if (!config.metricsPublic()) {
            String token = Auth.bearer(ctx);
            boolean ok = Digests.tokenEquals(adminToken, token)
                    || config.metricsToken().map(t -> Digests.tokenEquals(t, token)).orElse(false);
            if (!ok) {
                metrics.authFailure("metrics");
                throw ApiException.unauthorized();
            }
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
