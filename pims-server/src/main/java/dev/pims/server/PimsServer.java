package dev.pims.server;

import dev.pims.server.account.AccountRepository;
import dev.pims.server.accountapi.AccountApiRoutes;
import dev.pims.server.accountapi.AccountApiService;
import dev.pims.server.account.PinErrors;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.admin.AdminRoutes;
import dev.pims.server.admin.UserAdminService;
import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.console.Console;
import dev.pims.server.crypto.KeyPool;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.PasswordHasher;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.crypto.SecretFiles;
import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.db.Database;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.http.Auth;
import dev.pims.server.http.HttpApp;
import dev.pims.server.http.Json;
import dev.pims.server.integration.IntegrationRepository;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.limits.AbuseGuard;
import dev.pims.server.limits.AbuseLimitsRepository;
import dev.pims.server.limits.LimitsAdminRoutes;
import dev.pims.server.limits.PinLockout;
import dev.pims.server.limits.RateLimiter;
import dev.pims.server.ops.OpsHttp;
import dev.pims.server.ops.ServerMetrics;
import dev.pims.server.mac.ChallengeRepository;
import dev.pims.server.mac.MacContext;
import dev.pims.server.mac.MacEndpoint;
import dev.pims.server.mac.MacService;
import dev.pims.server.oauth.OAuthClients;
import dev.pims.server.oauth.TokenService;
import dev.pims.server.otp.IssuedOtpRepository;
import dev.pims.server.otp.VerificationService;
import dev.pims.server.otp.VerifyRoutes;
import dev.pims.server.sms.OutboxSmsSender;
import dev.pims.server.sms.SmsCodes;
import dev.pims.server.sms.SmsSender;
import dev.pims.server.sms.WebhookSmsSender;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One running server, embeddable: {@code PimsServer.start(config)} wires everything by hand, migrates the
 * database and listens; {@link #close()} stops it. Tests and the demo use port 0 and {@link #baseUrl()}.
 */
public final class PimsServer implements AutoCloseable {
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    private final Database db;
    private final KeyPool keyPool;
    private final Javalin app;
    private final String adminToken;
    private final Path adminTokenFile;
    private final String host;
    private final ServerMetrics metrics;
    private final boolean tls;
    private final AbuseGuard guard;

    private PimsServer(Database db, KeyPool keyPool, Javalin app, String adminToken, Path adminTokenFile,
            String host, ServerMetrics metrics, boolean tls, AbuseGuard guard) {
        this.metrics = metrics;
        this.guard = guard;
        this.tls = tls;
        this.db = db;
        this.keyPool = keyPool;
        this.app = app;
        this.adminToken = adminToken;
        this.adminTokenFile = adminTokenFile;
        this.host = host;
    }

    public static PimsServer start(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
        OpsHttp.checkKeystore(config.ops());
        ClientAddress clients = new ClientAddress(config.ops().trustedProxies());
        MasterKey master = MasterKey.load(config.masterKey(), config.dataDir(), config.random());
        Path tokenFile = config.adminToken().isPresent() ? null : config.dataDir().resolve(ADMIN_TOKEN_FILE);
        String adminToken = config.adminToken().orElseGet(() -> loadOrCreateToken(tokenFile, new RandomTokens(config.random())));
        Database db = Database.open(config.jdbcUrl().orElse(Database.embeddedUrl(config.dataDir())),
                config.dbUser().orElse(null), config.dbPassword().orElse(null));
        KeyPool keyPool = null;
        ServerMetrics metrics = new ServerMetrics();
        try {
            if (db.dataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari) {
                hikari.setMetricRegistry(metrics.registry());
            }
            RateLimiter limiter = new RateLimiter();
            AbuseGuard guard = new AbuseGuard(db, limiter, new AbuseLimitsRepository(), metrics, config.clock(),
                    config.ops().adminRequestsPerMinute());
            PinLockout pinLockout = new PinLockout(limiter, metrics);
            SecretBox box = new SecretBox(master, config.random());
            StoredRsaKeys rsaKeys = new StoredRsaKeys(box);
            RandomTokens random = new RandomTokens(config.random());
            AuditLog audit = new AuditLog(config.clock());
            IntegrationService integrations = new IntegrationService(db, new IntegrationRepository(rsaKeys),
                    config.clock(), config.random());
            integrations.ensureDefault();
            keyPool = new KeyPool(config.keyPoolSize(), config.random(),
                    integrations.all().stream().mapToInt(i -> i.policy().rsaBits()).distinct().toArray());
            AccountRepository accounts = new AccountRepository(box);
            DeviceRepository devices = new DeviceRepository(box);
            ActivationCodeRepository codes = new ActivationCodeRepository(box);
            ChallengeRepository challenges = new ChallengeRepository();
            IssuedOtpRepository otps = new IssuedOtpRepository(box);
            MacContext macContext = new MacContext(db, config.clock(), random, keyPool, rsaKeys, integrations,
                    accounts, new PinErrors(accounts), codes, devices, challenges, otps, audit, guard, pinLockout);
            Json json = new Json();
            ApiKeyService apiKeys = new ApiKeyService(db, random, config.clock());
            Auth auth = new Auth(adminToken, apiKeys);
            VerificationService verification = new VerificationService(db, otps, accounts, devices, audit,
                    config.clock(), pinLockout);
            UserAdminService users = new UserAdminService(db, accounts, devices, codes, challenges, integrations,
                    new PasswordHasher(config.random()), random, audit, config.clock());
            AccountApiRoutes accountApi = accountApi(config, db, box, random, audit, accounts, devices, codes,
                    challenges, integrations, auth, json, guard, pinLockout);
            Javalin app = HttpApp.create(config.host(), config.port(), json,
                    new MacEndpoint(new MacService(macContext), guard),
                    new VerifyRoutes(verification, integrations, auth, json, config.clock(), guard),
                    new AdminRoutes(auth, json, integrations, users, apiKeys, audit, db), accountApi,
                    Console.routes(db, guard, pinLockout, audit, random, config.clock(), adminToken, users,
                            integrations, apiKeys, config.sms().webhookUrl().isPresent() ? Optional.empty()
                                    : Optional.of(new OutboxSmsSender(db, config.clock()))),
                    new OpsHttp(config.ops(), clients, metrics, db, guard, adminToken,
                            new LimitsAdminRoutes(auth, json, db, integrations, guard, pinLockout)));
            app.start();
            return new PimsServer(db, keyPool, app, adminToken, tokenFile, config.host(), metrics,
                    config.ops().tlsKeystore().isPresent(), guard);
        } catch (RuntimeException e) {
            metrics.close();
            if (keyPool != null) {
                keyPool.close();
            }
            db.close();
            throw e;
        }
    }

    /** The account API (tokens, SMS codes, phone, enrollments, PIN) and its SMS sender. */
    private static AccountApiRoutes accountApi(ServerConfig config, Database db, SecretBox box, RandomTokens random,
            AuditLog audit, AccountRepository accounts, DeviceRepository devices, ActivationCodeRepository codes,
            ChallengeRepository challenges, IntegrationService integrations, Auth auth, Json json, AbuseGuard guard,
            PinLockout pinLockout) {
        OutboxSmsSender outbox = new OutboxSmsSender(db, config.clock());
        SmsSender sender = config.sms().webhookUrl().isPresent() ? WebhookSmsSender.of(config.sms()) : outbox;
        TokenService tokens = new TokenService(db, accounts, new PasswordHasher(config.random()), box, random, audit,
                config.clock());
        AccountApiService service = new AccountApiService(db, accounts, devices, codes, challenges,
                new PinErrors(accounts), new SmsCodes(box), sender, random, audit, config.clock(), guard, pinLockout);
        return new AccountApiRoutes(service, tokens, new OAuthClients(db, random, config.clock()), integrations,
                outbox, auth, json);
    }

    private static String loadOrCreateToken(Path file, RandomTokens random) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            String token = random.urlToken(32);
            SecretFiles.writePrivate(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    public int port() {
        return app.port();
    }

    /** {@code http://HOST:PORT} ({@code https} with TLS); a wildcard bind address is shown as 127.0.0.1. */
    public String baseUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.isBlank() ? "127.0.0.1" : host;
        return (tls ? "https://" : "http://") + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public String adminToken() {
        return adminToken;
    }

    /** Where the generated admin token lives; empty when it came from the configuration or environment. */
    public Optional<Path> adminTokenFile() {
        return Optional.ofNullable(adminTokenFile);
    }

    public Database database() {
        return db;
    }

    @Override
    public void close() {
        app.stop();
        keyPool.close();
        db.close();
        metrics.close();
    }

    /** The abuse limits (the account API's SMS path calls {@link AbuseGuard#allowSms}). */
    public AbuseGuard abuseGuard() {
        return guard;
    }

    /** The server's meters (what {@code /metrics} exposes). */
    public ServerMetrics metrics() {
        return metrics;
    }
}
