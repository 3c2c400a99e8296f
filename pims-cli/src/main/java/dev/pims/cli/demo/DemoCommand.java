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
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pims demo}: the whole journey on an embedded server on a free port, printed step by step. */
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
        try (PimsServer server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                .dataDir(dir.resolve("server")).keyPoolSize(2).build())) {
            System.out.println("# embedded server listening on " + server.baseUrl() + " (data in " + dir + ")");
            AdminApi admin = new AdminApi(java.net.URI.create(server.baseUrl()), server.adminToken());
            try (FacadeCalls facade = new FacadeCalls(Pims.builder().deviceName("pims demo").build(), System.out)) {
                boolean ok = new DemoJourney(facade, admin, server.baseUrl(), dir.resolve("device")).run();
                return ok ? 0 : 1;
            }
        } finally {
            if (data == null) {
                deleteTree(dir);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
