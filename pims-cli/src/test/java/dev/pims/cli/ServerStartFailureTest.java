package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every start-up mistake an operator can make, through the command line as typed: one line on stderr saying what
 * is wrong and what to do, a distinct exit code, no stack trace unless {@code --debug}. Runs {@code pims server}
 * in this JVM (picocli, output captured); the data directory in use by another process needs a second JVM.
 */
class ServerStartFailureTest {
    @TempDir
    Path dir;

    private DeviceCommandTest.Run server(String... args) {
        List<String> given = Arrays.asList(args);
        List<String> all = new ArrayList<>(List.of("server"));
        if (!given.contains("--host")) {
            all.addAll(List.of("--host", "127.0.0.1"));
        }
        if (!given.contains("--port")) {
            all.addAll(List.of("--port", "0"));
        }
        all.addAll(given);
        return DeviceCommandTest.run(all.toArray(String[]::new));
    }

    private Path settings(String... lines) throws Exception {
        Path f = dir.resolve("pims-" + System.nanoTime() + ".properties");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    /** The one line that says why, and no stack trace. */
    private static String oneLine(DeviceCommandTest.Run r, int exit) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        List<String> lines = r.err().lines().filter(l -> l.startsWith("pims server: ")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(r.out()).doesNotContain("listening on");
        return lines.get(0);
    }

    @Test
    void badSettings() throws Exception {
        assertThat(oneLine(server("--config", settings("pims.prot=8080").toString()), 10))
                .contains("unknown setting 'pims.prot'");
        assertThat(oneLine(server("--config", dir.resolve("missing.properties").toString()), 10))
                .contains("cannot read the settings file").contains("--config");
        assertThat(oneLine(server("--config", settings("pims.mode=staging").toString()), 10))
                .contains("pims.mode (file) must be production or development");
        assertThat(oneLine(server("--config", settings("pims.sms.webhook-url=ftp://gateway").toString()), 10))
                .contains("SMS webhook URL must be http or https");
        assertThat(oneLine(server("--log-format", "xml"), 10)).contains("pims.log.format (command line) must be text or json");
        assertThat(oneLine(server("--set", "pims.nope=1"), 10)).contains("unknown setting 'pims.nope' in --set");
        assertThat(oneLine(server("--set", "pims.admin-token=" + "z".repeat(40)), 10))
                .contains("pims.admin-token is a secret: give it in the environment (PIMS_ADMIN_TOKEN)")
                .doesNotContain("zzzz");
        assertThat(oneLine(server("--set", "pims.limits.admin-per-minute=-1"), 10))
                .contains("pims.limits.admin-per-minute (command line) must be an integer");
        assertThat(oneLine(server("--set", "pims.console.session-idle-minutes=0"), 10))
                .contains("pims.console.session-idle-minutes (command line) must be an integer between 1 and 1440");
        assertThat(oneLine(server("--config", settings("pims.console.session-idle-minutes=60",
                "pims.console.session-absolute-minutes=30").toString()), 10))
                .contains("pims.console.session-idle-minutes (60, file) is longer than"
                        + " pims.console.session-absolute-minutes (30, file): make the idle lifetime at most");
    }

    @Test
    void portInUseAndBadHost() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(oneLine(server("--data", dir.resolve("a").toString(), "--port",
                    Integer.toString(taken.getLocalPort())), 11)).contains("is already in use").contains("--port");
        }
        assertThat(oneLine(server("--data", dir.resolve("b").toString(), "--host", "no-such-host.invalid"), 12))
                .contains("--host");
        assertThat(oneLine(server("--data", dir.resolve("c").toString(), "--host", "192.0.2.1"), 12))
                .contains("not an address of this machine");
    }

    @Test
    void dataDirectoryIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThat(oneLine(server("--data", file.toString()), 13)).contains("is a file").contains("--data");
    }

    @Test
    void databaseDown() {
        assertThat(oneLine(server("--data", dir.resolve("d").toString(), "--db", "jdbc:postgresql://127.0.0.1:1/pims"), 15))
                .contains("cannot connect to the database").contains("--db");
    }

    @Test
    void masterKeyMissingBesideTheDatabaseOrWrong() throws Exception {
        Path data = dir.resolve("keyed");
        PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data)
                .adminToken(TestServer.ADMIN_TOKEN).keyPoolSize(1).build()).close();
        String key = Files.readString(data.resolve("master.key")).strip();
        Files.delete(data.resolve("master.key"));
        assertThat(oneLine(server("--data", data.toString()), 18)).contains("master.key is missing")
                .contains("restore that file");
        assertThat(data.resolve("master.key")).doesNotExist();

        Path wrong = settings("pims.master-key=" + "ab".repeat(32));
        assertThat(oneLine(server("--data", data.toString(), "--config", wrong.toString()), 19))
                .contains("does not open the secrets");
        Path malformed = settings("pims.master-key=short");
        assertThat(oneLine(server("--data", data.toString(), "--config", malformed.toString()), 19))
                .contains("64 hex characters");
        assertThat(key).isNotBlank();
    }

    @Test
    void tlsKeystoreProblems() throws Exception {
        assertThat(oneLine(server("--data", dir.resolve("t1").toString(), "--tls-keystore",
                dir.resolve("nope.p12").toString()), 20)).contains("does not exist").contains("--tls-keystore");
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        assertThat(oneLine(server("--data", dir.resolve("t2").toString(), "--tls-keystore", junk.toString()), 20))
                .contains("TLS keystore");
    }

    @Test
    void shortAdminToken() throws Exception {
        assertThat(oneLine(server("--data", dir.resolve("s").toString(), "--config",
                settings("pims.admin-token=tooshort").toString()), 21)).contains("shorter than 32 bytes")
                .doesNotContain("tooshort");
    }

    @Test
    void debugPrintsTheStackTrace() {
        DeviceCommandTest.Run r = server("--data", dir.resolve("dbg").toString(), "--db",
                "jdbc:postgresql://127.0.0.1:1/pims", "--debug");
        assertThat(r.exit()).isEqualTo(15);
        assertThat(r.err()).contains("pims server: cannot connect to the database").contains("\tat ");
    }

    @Test
    void dataDirectoryInUseByAnotherProcess() throws Exception {
        Path data = dir.resolve("busy");
        try (ServerProcess other = ServerProcess.start(new ServerProcess.Data(dir, null))) {
            // that process serves the embedded store in dir/data
            assertThat(oneLine(server("--data", dir.resolve("data").toString()), 14))
                    .contains("is in use by another process").contains("--data");
        }
        assertThat(data).doesNotExist();
    }
}
