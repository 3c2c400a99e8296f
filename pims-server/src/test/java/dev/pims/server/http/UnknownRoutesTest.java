package dev.pims.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every answer is JSON, the server's own "no such route" included; {@code GET /} says what the server is. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = new TestServer(dir);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void unknownPathsAndMethodsAnswerJson() throws Exception {
        HttpResponse<String> missing = send("GET", "/no/such/route", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(missing.body()).contains("\"error\":\"not_found\"");

        HttpResponse<String> method = send("DELETE", "/health", null);
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.body()).contains("\"error\":\"method_not_allowed\"");

        // a handler's own 404 keeps its message
        TestServer.Response user = server.admin("GET", "/admin/v1/users/nobody-here", null);
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.body()).contains("no such user");
    }

    @Test
    void theRootSaysWhatTheServerIsAndLinksTheConsoleAndHealth() throws Exception {
        HttpResponse<String> json = send("GET", "/", "application/json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("PIMS strong-authentication server").contains("\"console\":\"/console\"")
                .contains("\"health\":\"/health\"");
        HttpResponse<String> html = send("GET", "/", "text/html,application/xhtml+xml");
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("href=\"/console\"").contains("href=\"/health\"");
        assertThat(html.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; frame-ancestors 'none'");
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
