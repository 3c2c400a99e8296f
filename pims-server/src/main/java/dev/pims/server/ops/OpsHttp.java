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
import dev.pims.server.startup.StartupFailure;
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

    /**
     * Loads the keystore once at start so that a wrong path, password or content fails early with one line
     * ({@link StartupFailure}, never echoing the password).
     */
    public static void checkKeystore(OpsConfig config) {
        if (config.tlsKeystore().isEmpty()) {
            return;
        }
        java.nio.file.Path path = config.tlsKeystore().get().toAbsolutePath();
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
            throw tls("the TLS keystore " + path + " does not exist or is not readable: fix --tls-keystore"
                    + " (pims.tls.keystore)", null);
        }
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(config.tlsKeystoreType());
        } catch (java.security.KeyStoreException e) {
            throw tls("unknown TLS keystore type '" + config.tlsKeystoreType() + "': use PKCS12 or JKS"
                    + " (pims.tls.keystore-type)", e);
        }
        try (var in = java.nio.file.Files.newInputStream(path)) {
            ks.load(in, config.tlsKeystorePassword().map(String::toCharArray).orElse(null));
        } catch (java.io.IOException e) {
            boolean password = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
            throw tls(password ? "the TLS keystore " + path + " cannot be opened with the password given: check"
                    + " PIMS_TLS_KEYSTORE_PASSWORD (pims.tls.keystore-password)"
                    : "the TLS keystore " + path + " cannot be read as " + config.tlsKeystoreType() + " ("
                    + e.getClass().getSimpleName() + "): check the file and pims.tls.keystore-type", e);
        } catch (java.security.GeneralSecurityException e) {
            throw tls("the TLS keystore " + path + " cannot be read (" + e.getClass().getSimpleName()
                    + "): check the file and pims.tls.keystore-type", e);
        }
        try {
            boolean hasKey = false;
            for (String alias : java.util.Collections.list(ks.aliases())) {
                hasKey |= ks.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw tls("the TLS keystore " + path + " holds no private key with its certificate: create it with"
                        + " keytool -genkeypair or openssl pkcs12 -export (docs/operations.md)", null);
            }
        } catch (java.security.KeyStoreException e) {
            throw tls("the TLS keystore " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static StartupFailure tls(String message, Exception cause) {
        return new StartupFailure(StartupFailure.Reason.TLS_KEYSTORE, message, cause);
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
