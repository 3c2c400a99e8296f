package dev.pims.cli;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pims server}: runs until stopped. Stdout gets exactly one line, {@code listening on http://HOST:PORT};
 * everything else (logs, where the admin token is) goes to stderr.
 */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the strong-authentication server.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port = 8080;

    @Option(names = "--host", description = "bind address (default: ${DEFAULT-VALUE})")
    String host = "0.0.0.0";

    @Option(names = "--data", description = "data directory: embedded database, master.key, admin-token (default: ${DEFAULT-VALUE})")
    Path data = Path.of("pims-data");

    @Option(names = "--db", description = "JDBC URL instead of the embedded database, e.g. jdbc:postgresql://host/db")
    String db;

    @Option(names = "--db-user", description = "database user (or env PIMS_DB_USER)")
    String dbUser = System.getenv("PIMS_DB_USER");

    @Option(names = "--db-password-env", description = "name of the environment variable holding the database password (default: ${DEFAULT-VALUE})")
    String dbPasswordEnv = "PIMS_DB_PASSWORD";

    @Option(names = "--sms-webhook", description = "send SMS through this HTTP webhook (POST {to, text}) instead of the development outbox (or env PIMS_SMS_WEBHOOK_URL; secret in env PIMS_SMS_WEBHOOK_TOKEN)")
    String smsWebhook;

    @Option(names = "--sms-webhook-header", description = "header carrying PIMS_SMS_WEBHOOK_TOKEN (default: Authorization, as Bearer)")
    String smsWebhookHeader;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = ServerConfig.builder().host(host).port(port).dataDir(data).jdbcUrl(db).dbUser(dbUser)
                .dbPassword(System.getenv(dbPasswordEnv)).smsWebhookUrl(smsWebhook).smsWebhookHeader(smsWebhookHeader)
                .fromEnvironment().build();
        PimsServer server = PimsServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "pims-shutdown"));
        System.err.println(server.adminTokenFile()
                .map(f -> "admin token: in " + f.toAbsolutePath())
                .orElse("admin token: from PIMS_ADMIN_TOKEN"));
        System.err.println(config.sms().webhookUrl().isPresent() ? "SMS: webhook sender"
                : "SMS: development outbox (GET /admin/v1/sms-outbox); use --sms-webhook in production");
        System.out.println("listening on " + server.baseUrl());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
