package dev.pims.server;

import dev.pims.server.account.AccountRepository;
import dev.pims.server.accountapi.AccountApiRoutes;
import dev.pims.server.accountapi.AccountApi;
import dev.pims.server.accountapi.AccountSecurityConfig;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.limits.AddressLimiter;
import dev.pims.server.oauth.LoginThrottle;
import dev.pims.server.oauth.PasswordPool;
import dev.pims.server.account.PinErrors;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.admin.AdminRequests;
import dev.pims.server.admin.AdminRoutes;
import dev.pims.server.admin.UserAdminService;
import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.console.Console;
import dev.pims.server.crypto.KeyPool;
import dev.pims.server.crypto.Keyring;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.PasswordHasher;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.crypto.SecretFiles;
import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.db.Database;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.housekeeping.Housekeeper;
import dev.pims.server.housekeeping.StoreCompaction;
import dev.pims.server.http.Auth;
import dev.pims.server.keys.KeyRotation;
import dev.pims.server.keys.KeyRoutes;
import dev.pims.server.keys.KeyringSync;
import dev.pims.server.keys.LookupKey;
import dev.pims.server.http.Json;
import dev.pims.server.integration.IntegrationRepository;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.admin.CounterAdminService;
import dev.pims.server.admin.PolicyRoutes;
import dev.pims.server.limits.AddressLimits;
import dev.pims.server.sms.SmsDailyBudget;
import dev.pims.server.ops.OpsHttp;
import dev.pims.server.metrics.ServerMetrics;
import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.removal.RemovalRoutes;
import dev.pims.server.removal.UserRemoval;
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
import dev.pims.server.sms.UnconfiguredSmsSender;
import dev.pims.server.sms.WebhookSmsSender;
import dev.pims.server.startup.DataDirectory;
import dev.pims.server.startup.ModeSetup;
import dev.pims.server.startup.StartupErrors;
import dev.pims.server.startup.StartupFailure;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server, embeddable: {@code PimsServer.start(config)} wires everything by hand, migrates the
 * database and listens; {@link #close()} stops it. Tests and the demo use port 0 and {@link #baseUrl()}.
 */
public final class PimsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PimsServer.class);
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    private final Database db;
    private final KeyPool keyPool;
    private final Javalin app;
    private final String adminToken;
    private final Path adminTokenFile;
    private final String host;
    private final ServerMetrics metrics;
    private final boolean tls;
    private final PasswordPool passwordPool;
    private final Optional<OutboxSmsSender> outbox;
    private final Housekeeper housekeeper;
    private final KeyServices keys;

    /** The master key ring's refresh and the rotation job of this node. */
    private record KeyServices(KeyringSync sync, KeyRotation rotation) { }

    private PimsServer(Database db, KeyPool keyPool, Javalin app, String adminToken, Path adminTokenFile,
            String host, ServerMetrics metrics, boolean tls, PasswordPool passwordPool, Housekeeper housekeeper,
            KeyServices keys, Optional<OutboxSmsSender> outbox) {
        this.outbox = outbox;
        this.passwordPool = passwordPool;
        this.housekeeper = housekeeper;
        this.keys = keys;
        this.metrics = metrics;
        this.tls = tls;
        this.db = db;
        this.keyPool = keyPool;
        this.app = app;
        this.adminToken = adminToken;
        this.adminTokenFile = adminTokenFile;
        this.host = host;
    }

    /**
     * Starts a server, or throws {@link StartupFailure} (one line saying what is wrong and what to do) for every
     * mistake an operator can make: bad bind address, port in use, data directory unusable or in use, database
     * unreachable, master key missing or wrong, TLS keystore unusable, admin token too short.
     */
    public static PimsServer start(ServerConfig config) {
        StartupErrors.checkHost(config.host());
        DataDirectory.prepare(config.dataDir());
        OpsHttp.checkKeystore(config.ops());
        ClientAddress clients = new ClientAddress(config.ops().trustedProxies());
        Path tokenFile = config.adminToken().isPresent() ? null : config.dataDir().resolve(ADMIN_TOKEN_FILE);
        String adminToken = config.adminToken().orElseGet(() -> loadOrCreateToken(tokenFile, new RandomTokens(config.random())));
        StartupErrors.checkAdminToken(adminToken, tokenFile == null ? "pims.admin-token / PIMS_ADMIN_TOKEN"
                : tokenFile.toAbsolutePath().toString());
        boolean embedded = config.jdbcUrl().isEmpty();
        String jdbcUrl = config.jdbcUrl().orElse(Database.embeddedUrl(config.dataDir()));
        Database db;
        try {
            if (config.housekeeping().compactAtStart()) {
                StoreCompaction.atStart(config.dataDir(), jdbcUrl);
            }
            db = Database.open(jdbcUrl, config.dbUser().orElse(null), config.dbPassword().orElse(null),
                    config.dataSourceWrapper());
        } catch (RuntimeException e) {
            throw StartupErrors.database(e, embedded, embedded ? config.dataDir().toAbsolutePath().toString()
                    : describeUrl(config.jdbcUrl().get()));
        }
        KeyPool keyPool = null;
        PasswordPool passwordPool = null;
        KeyringSync keySync = null;
        KeyRotation rotation = null;
        ServerMetrics metrics = new ServerMetrics();
        try {
            MasterKey master = masterKey(config, db);
            DataDirectory.restrictFiles(config.dataDir());
            StoreCompaction.limitRetention(db.dataSource(), jdbcUrl);
            if (db.dataSource() instanceof com.zaxxer.hikari.HikariDataSource hikari) {
                hikari.setMetricRegistry(metrics.registry());
            }
            ModeSetup.apply(db, config.mode(), config.clock());
            AddressLimits limits = config.ops().limits();
            Keyring ring = new Keyring(master);
            MasterKey.loadPrevious(config.dataDir()).forEach(k -> ring.add(k, false));
            keySync = new KeyringSync(db, new SecretBox(ring, SecretBox.derivedLookupKey(master), config.random()));
            SecretBox box;
            try {
                box = new SecretBox(ring, LookupKey.load(db, ring, config.random()), config.random());
            } catch (IllegalStateException e) {
                throw new StartupFailure(StartupFailure.Reason.MASTER_KEY_WRONG, e.getMessage(), e);
            }
            keySync.attach(box);
            rotation = new KeyRotation(db, box, keySync, config.clock(),
                    config.masterKey().isEmpty() ? Optional.of(config.dataDir()) : Optional.empty(), 500);
            StoredRsaKeys rsaKeys = new StoredRsaKeys(box);
            RandomTokens random = new RandomTokens(config.random());
            AuditLog audit = new AuditLog(config.clock(), db);
            IntegrationService integrations = new IntegrationService(db, new IntegrationRepository(rsaKeys),
                    config.clock(), config.random(), config.cacheTtl());
            int[] rsaBits;
            try {
                integrations.ensureDefault();
                rsaBits = integrations.all().stream().mapToInt(i -> i.policy().rsaBits()).distinct().toArray();
            } catch (IllegalStateException e) {
                throw new StartupFailure(StartupFailure.Reason.MASTER_KEY_WRONG, "the master key does not open the"
                        + " secrets of this database: give the key it was created with (PIMS_MASTER_KEY, or "
                        + MasterKey.FILE + " in the data directory)", e);
            }
            keyPool = new KeyPool(config.keyPoolSize(), config.random(), rsaBits);
            AccountRepository accounts = new AccountRepository(box);
            DeviceRepository devices = new DeviceRepository(box, accounts);
            ActivationCodeRepository codes = new ActivationCodeRepository(box, config.clock());
            AccountSecurityConfig security = config.accountSecurity();
            CodeAttempts codeAttempts = new CodeAttempts(db, security.codeFailureLimiter(config.clock()), config.clock(),
                    security.codeFailureCeilingPerMinute(), metrics.registry());
            ChallengeRepository challenges = new ChallengeRepository();
            IssuedOtpRepository otps = new IssuedOtpRepository(box);
            PinErrors pinErrors = new PinErrors(accounts, metrics);
            MacContext macContext = new MacContext(db, config.clock(), random, keyPool, rsaKeys, integrations,
                    accounts, pinErrors, codes, devices, challenges, otps, audit, metrics);
            Json json = new Json();
            ApiKeyService apiKeys = new ApiKeyService(db, random, config.clock(), config.cacheTtl());
            Auth auth = new Auth(adminToken, apiKeys, metrics);
            VerificationService verification = new VerificationService(db, otps, integrations, audit, config.clock());
            SmsDailyBudget smsBudget = new SmsDailyBudget();
            CounterAdminService counters = new CounterAdminService(db, accounts, devices, smsBudget, config.clock());
            UserAdminService users = new UserAdminService(db, accounts, devices, codes, challenges, integrations,
                    new PasswordHasher(config.random()), random, audit, config.clock());
            passwordPool = new PasswordPool(new PasswordHasher(config.random()), security.passwordThreads(),
                    security.passwordQueue());
            AdminRequests adminRequests = new AdminRequests(auth, json, integrations);
            AccountApiRoutes accountApi = accountApi(config, db, box, random, audit, accounts, devices, codes,
                    challenges, otps, integrations, auth, json, pinErrors, smsBudget, passwordPool, codeAttempts);
            Javalin app = HttpApp.create(config.host(), config.port(), json,
                    new MacEndpoint(new MacService(macContext), limits.limiter("device", limits.devicePerMinute()),
                            metrics, codeAttempts),
                    new VerifyRoutes(verification, auth, json, config.clock(),
                            limits.limiter("verify", limits.verifyPerMinute()), metrics),
                    new AdminRoutes(adminRequests, users, apiKeys, audit),
                    new PolicyRoutes(adminRequests, counters),
                    accountApi,
                    Console.routes(db, limits, counters, audit, random, config.clock(), adminToken, users,
                            integrations, apiKeys, accountApi.outbox(), config.console()),
                    new OpsHttp(config.ops(), clients, metrics, db, limits.limiter("admin", limits.adminPerMinute()),
                            limits.limiter("metrics", limits.metricsPerMinute()), adminToken),
                    new KeyRoutes(auth, json, rotation), new RemovalRoutes(auth, new UserRemoval(db)));
            Housekeeper housekeeper = new Housekeeper(db, config.clock(), config.housekeeping(), metrics.registry());
            try {
                app.start();
            } catch (RuntimeException e) {
                app.stop();
                throw StartupErrors.bind(e, config.host(), config.port());
            }
            housekeeper.start();
            rotation.resumeIfPending();
            PimsServer server = new PimsServer(db, keyPool, app, adminToken, tokenFile, config.host(), metrics,
                    config.ops().tlsKeystore().isPresent(), passwordPool, housekeeper,
                    new KeyServices(keySync, rotation), accountApi.outbox());
            LOG.info("pims server started: {} mode, {} store, listening on {}", config.mode().setting(),
                    embedded ? "embedded" : "PostgreSQL", server.baseUrl());
            return server;
        } catch (java.sql.SQLException e) {
            metrics.close();
            db.close();
            throw new dev.pims.server.db.DataAccessException(e);
        } catch (RuntimeException e) {
            if (rotation != null) {
                rotation.close();
            }
            if (keySync != null) {
                keySync.close();
            }
            metrics.close();
            if (keyPool != null) {
                keyPool.close();
            }
            if (passwordPool != null) {
                passwordPool.close();
            }
            db.close();
            throw e;
        }
    }

    /**
     * The master key from the settings, or {@code DATA/master.key}. A missing file is generated only for a store
     * that holds no data yet: beside an existing database a new key would make every secret unreadable, so the
     * start stops instead (the key was lost or the data directory copied without it).
     */
    private static MasterKey masterKey(ServerConfig config, Database db) {
        if (config.masterKey().isPresent()) {
            try {
                return MasterKey.parse(config.masterKey().get());
            } catch (IllegalArgumentException e) {
                throw new StartupFailure(StartupFailure.Reason.MASTER_KEY_WRONG, "the master key (PIMS_MASTER_KEY or"
                        + " pims.master-key) must be 64 hex characters or the base64 of 32 bytes", e);
            }
        }
        Path file = config.dataDir().resolve(MasterKey.FILE);
        if (!Files.exists(file) && db.inTransaction(sql -> sql.count("SELECT COUNT(*) FROM integrations")) > 0) {
            throw new StartupFailure(StartupFailure.Reason.MASTER_KEY_MISSING, "the database holds data but "
                    + file.toAbsolutePath() + " is missing: restore that file (or set PIMS_MASTER_KEY) from your backup;"
                    + " a new key would not open the stored secrets");
        }
        try {
            return MasterKey.load(Optional.empty(), config.dataDir(), config.random());
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(StartupFailure.Reason.MASTER_KEY_WRONG, file.toAbsolutePath() + " does not hold a"
                    + " master key (64 hex characters or the base64 of 32 bytes): restore it from your backup", e);
        } catch (UncheckedIOException e) {
            throw new StartupFailure(StartupFailure.Reason.DATA_DIRECTORY, "cannot read or create " + file.toAbsolutePath()
                    + ": check the data directory's permissions", e);
        }
    }

    /** The JDBC URL without its query string (which may carry a password). */
    private static String describeUrl(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }

    /** The account API (tokens, SMS codes, phone, enrollments, PIN) and its SMS sender. */
    private static AccountApiRoutes accountApi(ServerConfig config, Database db, SecretBox box, RandomTokens random,
            AuditLog audit, AccountRepository accounts, DeviceRepository devices, ActivationCodeRepository codes,
            ChallengeRepository challenges, IssuedOtpRepository otps, IntegrationService integrations, Auth auth,
            Json json, PinErrors pinErrors, SmsDailyBudget smsBudget, PasswordPool passwordPool,
            CodeAttempts codeAttempts) {
        AccountSecurityConfig security = config.accountSecurity();
        OutboxSmsSender outbox = config.mode() == RunMode.DEVELOPMENT ? new OutboxSmsSender(db, box, config.clock())
                : null;
        SmsSender sender = config.sms().webhookUrl().isPresent() ? WebhookSmsSender.of(config.sms())
                : outbox != null ? outbox : new UnconfiguredSmsSender();
        TokenService tokens = new TokenService(db, accounts, new PasswordHasher(config.random()), passwordPool,
                new LoginThrottle(box, random), box, random, audit, config.clock());
        AccountApi api = AccountApi.create(new AccountApi.Deps(db, accounts, devices, codes, challenges, otps,
                pinErrors, new SmsCodes(box), sender, random, audit, config.clock(), smsBudget,
                security.coolingOff()));
        return new AccountApiRoutes(api, tokens, new OAuthClients(db, random, config.clock()), integrations, outbox,
                auth, json, security.loginFailureLimiter(config.clock()), codeAttempts);
    }

    private static String loadOrCreateToken(Path file, RandomTokens random) {
        try {
            DataDirectory.prepare(file.getParent());
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            String token = random.urlToken(32);
            SecretFiles.writePrivate(file, token + "\n");
            return token;
        } catch (IOException e) {
            throw new StartupFailure(StartupFailure.Reason.DATA_DIRECTORY, "cannot read or create "
                    + file.toAbsolutePath() + ": check the data directory's permissions", e);
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
        LOG.info("pims server stopping: {}", baseUrl());
        app.stop();
        housekeeper.close();
        keys.rotation().close();
        keys.sync().close();
        keyPool.close();
        passwordPool.close();
        db.close();
        metrics.close();
        LOG.info("pims server stopped");
    }

    /** The development SMS outbox (empty in production or with a webhook sender). */
    public Optional<OutboxSmsSender> smsOutbox() {
        return outbox;
    }

    /** The housekeeping job of this node (tests and operators may run it at once: {@code runOnce()}). */
    public Housekeeper housekeeper() {
        return housekeeper;
    }

    /** The master key rotation of this node ({@code POST /admin/v1/keys/rotate} starts one). */
    public KeyRotation keyRotation() {
        return keys.rotation();
    }

    /** The server's meters (what {@code /metrics} exposes). */
    public ServerMetrics metrics() {
        return metrics;
    }
}
