package dev.pims.cli;

import dev.pims.server.PimsServer;
import dev.pims.server.RunMode;
import dev.pims.server.ServerConfig;
import dev.pims.server.config.Settings;
import dev.pims.server.startup.StartupFailure;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pims server}: runs until stopped. Settings: command-line options > {@code PIMS_*} environment >
 * {@code --config FILE} > defaults (docs/operations.md). Stdout gets exactly one line, {@code listening on http://HOST:PORT};
 * everything else (logs, where the admin token is) goes to stderr. A start that fails prints one line saying what
 * is wrong and what to do, and exits with the code of its {@link StartupFailure.Reason} (10 and up); the stack
 * trace only with {@code --debug}.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the strong-authentication server.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"143:stopped by SIGTERM (130: by Ctrl-C)", "1:unexpected failure (run with --debug)", "2:wrong command line",
            "10:bad settings", "11:port in use", "12:bad --host", "13:data directory unusable",
            "14:data directory in use by another process", "15:database unreachable", "16:database refused the login",
            "17:database schema cannot be migrated", "18:master key missing beside existing data",
            "19:wrong master key", "20:TLS keystore problem", "21:admin token shorter than 32 bytes"})
public final class ServerCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerCommand.class);
    @Option(names = "--config", description = "settings file (key=value, see docs/operations.md); env PIMS_* and options override it")
    Path configFile;

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: 8080)")
    Integer port;

    @Option(names = "--host", description = "bind address (default: 0.0.0.0)")
    String host;

    @Option(names = "--data", description = "data directory: embedded database, master.key, admin-token (default: pims-data)")
    Path data;

    @Option(names = "--db", description = "JDBC URL instead of the embedded database, e.g. jdbc:postgresql://host/db")
    String db;

    @Option(names = "--db-user", description = "database user (or env PIMS_DB_USER)")
    String dbUser;

    @Option(names = "--db-password-env", description = "name of the environment variable holding the database password (default: PIMS_DB_PASSWORD)")
    String dbPasswordEnv;

    @Option(names = "--tls-keystore", description = "PKCS12 keystore: serve HTTPS only (password in env PIMS_TLS_KEYSTORE_PASSWORD)")
    Path tlsKeystore;

    @Option(names = "--trusted-proxies", description = "comma-separated IPs/CIDRs whose X-Forwarded-For is believed")
    String trustedProxies;

    @Option(names = "--sms-webhook", description = "send SMS through this HTTP webhook (POST {to, text}) (pims.sms.webhook-url, env PIMS_SMS_WEBHOOK_URL; secret in env PIMS_SMS_WEBHOOK_TOKEN)")
    String smsWebhook;

    @Option(names = "--sms-webhook-header", description = "header carrying the webhook token (default: Authorization, as Bearer)")
    String smsWebhookHeader;

    @Option(names = "--dev", description = "development mode: the public OAuth client pims-dev and the SMS outbox"
            + " (pims.mode=development); never in production")
    boolean dev;

    @Option(names = "--log-format", description = "text or json (one JSON object per line) (pims.log.format)")
    String logFormat;

    @Option(names = "--debug", description = "print the stack trace when the server cannot start")
    boolean debug;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any setting of docs/operations.md by its key,"
            + " e.g. --set pims.limits.admin-per-minute=100 (repeatable; secrets only in the environment or the file)")
    Map<String, String> set = new HashMap<>();

    /** The settings given as options, by key (absent options are null and do not override). */
    private Map<String, String> cliSettings() {
        Map<String, String> m = new HashMap<>();
        m.put(Settings.Key.PORT.key, port == null ? null : port.toString());
        m.put(Settings.Key.HOST.key, host);
        m.put(Settings.Key.DATA.key, data == null ? null : data.toString());
        m.put(Settings.Key.DB_URL.key, db);
        m.put(Settings.Key.DB_USER.key, dbUser);
        m.put(Settings.Key.DB_PASSWORD.key, dbPasswordEnv == null ? null : System.getenv(dbPasswordEnv));
        m.put(Settings.Key.TLS_KEYSTORE.key, tlsKeystore == null ? null : tlsKeystore.toString());
        m.put(Settings.Key.TRUSTED_PROXIES.key, trustedProxies);
        m.put(Settings.Key.SMS_WEBHOOK_URL.key, smsWebhook);
        m.put(Settings.Key.SMS_WEBHOOK_HEADER.key, smsWebhookHeader);
        m.put(Settings.Key.MODE.key, dev ? RunMode.DEVELOPMENT.setting() : null);
        m.put(Settings.Key.LOG_FORMAT.key, logFormat);
        for (Map.Entry<String, String> e : set.entrySet()) {
            Settings.Key k = java.util.Arrays.stream(Settings.Key.values()).filter(x -> x.key.equals(e.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown setting '" + e.getKey()
                            + "' in --set (see docs/operations.md)"));
            if (k.secret) {
                throw new IllegalArgumentException(k.key + " is a secret: give it in the environment (" + k.env()
                        + ") or the settings file, not on the command line where other users can read it");
            }
            if (m.get(k.key) == null) {
                m.put(k.key, e.getValue());
            }
        }
        return m;
    }

    @Override
    public Integer call() throws InterruptedException {
        Settings settings;
        ServerConfig config;
        try {
            settings = Settings.load(Optional.ofNullable(configFile), System.getenv(), cliSettings());
            if (settings.jsonLogs()) {
                LogFormat.useJson();
            }
            config = settings.builder().build();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            return fail(new StartupFailure(StartupFailure.Reason.BAD_SETTINGS, e.getMessage(), e));
        }
        LOG.info("settings: {}", settings.describeSources());
        PimsServer server;
        try {
            server = PimsServer.start(config);
        } catch (StartupFailure e) {
            return fail(e);
        } catch (IllegalStateException e) {
            // a mistake at start (e.g. a master key that does not open this database): one line, no stack trace
            System.err.println("pims server: " + e.getMessage());
            if (debug) {
                e.printStackTrace();
            }
            return 2;
        } catch (RuntimeException e) {
            System.err.println("pims server: unexpected failure at start: " + e.getClass().getSimpleName()
                    + (debug ? "" : " (run with --debug for the details)"));
            if (debug) {
                e.printStackTrace();
            }
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            PimsCommand.stopLogging();
            stopped.countDown();
        }, "pims-shutdown"));
        LOG.info(server.adminTokenFile()
                .map(f -> "admin token: in " + f.toAbsolutePath())
                .orElse("admin token: from the settings (" + settings.source(Settings.Key.ADMIN_TOKEN) + ")"));
        if (config.sms().webhookUrl().isEmpty() && config.mode() == RunMode.PRODUCTION) {
            LOG.warn(smsLine(config));
        } else {
            LOG.info(smsLine(config));
        }
        System.out.println("listening on " + server.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }

    static String smsLine(ServerConfig config) {
        if (config.sms().webhookUrl().isPresent()) {
            return "SMS: sent through the webhook " + config.sms().webhookUrl().get().getHost();
        }
        if (config.mode() == RunMode.DEVELOPMENT) {
            return "development mode: OAuth client pims-dev and the SMS outbox (GET /admin/v1/sms-outbox) are on;"
                    + " never use --dev in production";
        }
        return "SMS: no sender configured, SMS requests will be refused; set pims.sms.webhook-url (--sms-webhook)";
    }

    private int fail(StartupFailure e) {
        System.err.println("pims server: " + e.getMessage());
        if (debug && e.getCause() != null) {
            e.getCause().printStackTrace();
        }
        return e.reason().exitCode();
    }
}
