package dev.pims.cli;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.config.Settings;
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
 * everything else (logs, where the admin token is) goes to stderr.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the strong-authentication server.")
public final class ServerCommand implements Callable<Integer> {
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
        return m;
    }

    @Option(names = "--sms-webhook", description = "send SMS through this HTTP webhook (POST {to, text}) instead of the development outbox (or env PIMS_SMS_WEBHOOK_URL; secret in env PIMS_SMS_WEBHOOK_TOKEN)")
    String smsWebhook;

    @Option(names = "--sms-webhook-header", description = "header carrying PIMS_SMS_WEBHOOK_TOKEN (default: Authorization, as Bearer)")
    String smsWebhookHeader;

    @Override
    public Integer call() throws InterruptedException {
        Settings settings = Settings.load(Optional.ofNullable(configFile), System.getenv(), cliSettings());
        ServerConfig config = settings.builder().smsWebhookUrl(smsWebhook).smsWebhookHeader(smsWebhookHeader)
                .fromEnvironment().build();
        System.err.println("settings: " + settings.describeSources());
        PimsServer server;
        try {
            server = PimsServer.start(config);
        } catch (IllegalStateException e) {
            // a mistake at start (e.g. a master key that does not open this database): one line, no stack trace
            System.err.println("pims server: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pims-shutdown"));
        System.err.println(server.adminTokenFile()
                .map(f -> "admin token: in " + f.toAbsolutePath())
                .orElse("admin token: from the settings (" + settings.source(Settings.Key.ADMIN_TOKEN) + ")"));
        System.err.println(config.sms().webhookUrl().isPresent() ? "SMS: webhook sender"
                : "SMS: development outbox (GET /admin/v1/sms-outbox); use --sms-webhook in production");
        System.out.println("listening on " + server.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
