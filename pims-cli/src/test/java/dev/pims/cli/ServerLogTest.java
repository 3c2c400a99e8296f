package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's log as an operator gets it from {@code pims server} (its own JVM, the runnable jar's logback.xml):
 * with {@code --log-format json} every line is one JSON object; the request id appears once; start and stop are
 * logged; a production server without an SMS sender says so in one line.
 */
class ServerLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCRIPT = """
            ./pims server %s --host 127.0.0.1 --port 0 --data data > server.out 2> server.err &
            PID=$!
            for i in $(seq 600); do grep -q '^listening on ' server.out && break; sleep 0.1; done
            URL=$(sed -n 's/^listening on //p' server.out)
            curl -sf -H 'X-Request-Id: trace-log-1' "$URL/health" > /dev/null
            kill $PID
            wait $PID || true
            cat server.err
            """;

    @Test
    void jsonLogsAreOneObjectPerLineWithTheRequestIdOnceAndStartAndStop(@TempDir Path dir) throws Exception {
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || Shell.has("curl"), "curl is not installed");
        Shell.Result r = new Shell(dir).run(SCRIPT.formatted("--dev --log-format json"),
                Map.of("PIMS_ADMIN_TOKEN", "a".repeat(40)), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            lines.add(JSON.readTree(line)); // throws when a line is not one JSON object
        }
        assertThat(lines).allSatisfy(l -> assertThat(l.isObject()).isTrue());
        JsonNode access = lines.stream().filter(l -> l.path("loggerName").asText().equals("dev.pims.server.access"))
                .filter(l -> l.path("formattedMessage").asText().startsWith("GET /health 200")).findFirst().orElseThrow();
        assertThat(access.path("mdc").path("requestId").asText()).isEqualTo("trace-log-1");
        assertThat(access.toString().split("trace-log-1", -1)).hasSize(2); // the id once
        assertThat(lines).anySatisfy(l -> assertThat(l.path("formattedMessage").asText())
                .startsWith("pims server started: development mode"));
        assertThat(lines).anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).isEqualTo("pims server stopped"));
        assertThat(r.out()).doesNotContain("a".repeat(40));
    }

    @Test
    void textLogsCarryTheRequestIdOnceAndProductionWithoutSmsSaysSo(@TempDir Path dir) throws Exception {
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || Shell.has("curl"), "curl is not installed");
        Shell.Result r = new Shell(dir).run(SCRIPT.formatted(""), Map.of("PIMS_ADMIN_TOKEN", "b".repeat(40)), 120);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> access = r.out().lines().filter(l -> l.contains("GET /health 200")).toList();
        assertThat(access).hasSize(1);
        assertThat(access.get(0).split("trace-log-1", -1)).hasSize(2);
        assertThat(r.out().lines().filter(l -> l.contains("SMS: no sender configured")).toList()).hasSize(1);
        assertThat(r.out()).contains("pims server started: production mode").contains("pims server stopped")
                .doesNotContain("pims-dev");
    }
}
