package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pims bench} leaves no trace: its users are removed and the limits it raised are put back. */
class BenchCleanupTest {
    @Test
    void benchRemovesItsUsersAndRestoresThePolicy(@TempDir Path dir) throws Exception {
        // the generator is one address: the server's per-address limits (settings, in memory) are lifted, as
        // load-run.sh does for a real server
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-bench-clean"), b -> b.ops(
                dev.pims.server.ops.OpsConfig.defaults().withLimits(dev.pims.server.limits.AddressLimits.defaults()
                        .withDevicePerMinute(0).withVerifyPerMinute(0))))) {
            JsonNode before = server.admin("GET", "/admin/v1/integrations/default/policy", null).json();
            long accountsBefore = accounts(server);
            Path token = dir.resolve("token");
            Files.writeString(token, TestServer.ADMIN_TOKEN);
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream original = System.out;
            PrintStream originalErr = System.err;
            int code;
            try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                System.setOut(out);
                System.setErr(out);
                code = PimsCommand.commandLine().execute("bench", "--url", server.baseUrl(),
                        "--admin-token-file", token.toString(), "--devices", "2", "--seconds", "1", "--warmup", "1",
                        "--login-flood", "2");
            } finally {
                System.setOut(original);
                System.setErr(originalErr);
            }
            String output = captured.toString(StandardCharsets.UTF_8);
            assertThat(code).as(output).isZero();
            assertThat(output).contains("cleanup: removed 2 users");
            assertThat(accounts(server)).isEqualTo(accountsBefore);
            JsonNode after = server.admin("GET", "/admin/v1/integrations/default/policy", null).json();
            assertThat(after).isEqualTo(before);
            for (JsonNode c : server.admin("GET", "/admin/v1/oauth-clients", null).json()) {
                if (c.get("clientId").asText().startsWith("pims-bench-")) {
                    assertThat(c.get("revokedAt").isNull()).as("bench OAuth client revoked").isFalse();
                }
            }
        }
    }

    private static long accounts(TestServer server) {
        return server.server().database().inTransaction(sql -> sql.count("SELECT COUNT(*) FROM accounts"));
    }
}
