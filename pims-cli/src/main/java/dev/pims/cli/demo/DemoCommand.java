package dev.pims.cli.demo;

import dev.pims.cli.AdminApi;
import dev.pims.cli.FacadeCalls;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.sdk.Pims;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pims demo}: the whole journey on an embedded development-mode server on a free port, printed step by
 * step. Without {@code --data} everything lives in a temporary directory (with a master key in it), deleted at
 * the end and also when the demo is interrupted (Ctrl-C: a shutdown hook stops the server and deletes it).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole journey on an embedded server: enroll a device, OTPs with and without PIN, verification.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", description = "keep the server's data and the device state in this directory (default: a temporary one, deleted)")
    Path data;

    @Option(names = "--server-logs", description = "also show the embedded server's log lines (on stderr)")
    boolean serverLogs;

    @Override
    public Integer call() throws Exception {
        if (!serverLogs) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.pims"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path dir = data != null ? Files.createDirectories(data) : Files.createTempDirectory("pims-demo");
        Cleanup cleanup = new Cleanup(data == null ? dir : null);
        Thread hook = new Thread(cleanup, "pims-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            PimsServer server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                    .dataDir(dir.resolve("server")).keyPoolSize(2).development().build());
            cleanup.server = server;
            System.out.println("# embedded development server listening on " + server.baseUrl() + " (data in " + dir
                    + ")");
            AdminApi admin = new AdminApi(java.net.URI.create(server.baseUrl()), server.adminToken());
            try (FacadeCalls facade = new FacadeCalls(Pims.builder().deviceName("pims demo").build(), System.out)) {
                boolean ok = new DemoJourney(facade, admin, server.baseUrl(), dir.resolve("device")).run();
                if (ok) {
                    nextSteps();
                }
                return ok ? 0 : 1;
            }
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running or ran
            }
        }
    }

    private static void nextSteps() {
        System.out.println();
        System.out.println("# Next: a server of your own (docs/getting-started.md walks through the first ten minutes)");
        System.out.println("#   ./pims server --dev --port 8080 --data pims-data       # development mode: pims-dev client, SMS outbox");
        System.out.println("#   export PIMS_ADMIN_TOKEN=\"$(cat pims-data/admin-token)\"  # the admin API's bearer token");
        System.out.println("#   curl -s -X POST -H \"Authorization: Bearer $PIMS_ADMIN_TOKEN\" -H 'Content-Type: application/json' \\");
        System.out.println("#        -d '{\"login\":\"alice\",\"password\":\"alice-password\"}' http://127.0.0.1:8080/admin/v1/users");
        System.out.println("#   production: docs/deployment.md (systemd, TLS, PostgreSQL, an SMS gateway)");
    }

    /** Stops the server and deletes the temporary directory, once (normal end or Ctrl-C). */
    private static final class Cleanup implements Runnable {
        private final AtomicBoolean done = new AtomicBoolean();
        private final Path temporary;
        private volatile PimsServer server;

        Cleanup(Path temporary) {
            this.temporary = temporary;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            PimsServer s = server;
            if (s != null) {
                s.close();
            }
            if (temporary != null) {
                try {
                    deleteTree(temporary);
                } catch (IOException e) {
                    System.err.println("pims demo: could not delete " + temporary + ": delete it yourself (it holds a"
                            + " master key)");
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
