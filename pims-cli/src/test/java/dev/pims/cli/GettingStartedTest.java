package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md, run as written: every {@code sh} block in order in one bash session, against the real
 * server the page starts (on a free port instead of 8080). The page cannot drift from the code.
 */
class GettingStartedTest {
    private static final Path PAGE = Path.of("../docs/getting-started.md");

    @Test
    void theFirstTenMinutesWorkAsWritten(@TempDir Path dir) throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        for (String tool : List.of("bash", "curl", "jq")) {
            assumeTrue(ci || Shell.has(tool), tool + " is not installed: the page's commands need it");
        }
        List<String> blocks = Shell.shBlocks(PAGE);
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String script = String.join("\n", blocks).replace("8080", Integer.toString(port));
        Shell.Result r = new Shell(dir).run(script, Map.of("HOME", dir.toString()), 300);
        String log = Files.exists(dir.resolve("pims-server.log")) ? Files.readString(dir.resolve("pims-server.log")) : "";
        assertThat(r.exit()).as("stdout:\n%s\nstderr:\n%s\nserver log:\n%s", r.out(), r.err(), log).isZero();
        assertThat(r.out()).contains("listening on http://127.0.0.1:" + port)
                .contains("\"console\":\"/console\"")
                .contains("\"phoneNumber\":\"+33612345678\"")
                .containsPattern("activation code: \\S+")
                .containsPattern("OTP: [a-z0-9]+")
                .contains("enrolled: this machine is a device of alice")
                .containsPattern("\"result\":\"OK\",\"pinVerified\":true")
                .containsPattern("\\S+ otp\\.verify OK");
        assertThat(log).contains("pims server started: development mode").contains("pims server stopped");
        assertThat(dir.resolve("pims-data/pims.mv.db")).exists();
    }
}
