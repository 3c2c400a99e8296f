package dev.pims.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pims.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens are compared exactly, also on a kept-alive connection (issue 8 item 6): Jetty's per-connection header
 * cache, matching case-insensitively, used to hand a case-swapped token over as the cached, correct one. One raw
 * socket, several requests: after the real admin token, API key and access token were accepted, their
 * case-swapped forms are refused.
 */
class HeaderCacheTest {
    @TempDir
    Path dir;

    /** One HTTP/1.1 connection kept alive across requests. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;
        /** The server announced it closes the connection after its last answer. */
        boolean closed;

        Connection(String baseUrl) throws IOException {
            URI u = URI.create(baseUrl);
            socket = new Socket(u.getHost(), u.getPort());
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            host = u.getHost() + ":" + u.getPort();
        }

        /** Sends one request and returns the status code (the body is read and dropped). */
        int send(String method, String path, String bearer, String body, String... extraHeaders) throws IOException {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + "Authorization: Bearer " + bearer + "\r\nConnection: keep-alive\r\n");
            for (String h : extraHeaders) {
                r.append(h).append("\r\n");
            }
            if (body != null) {
                r.append("Content-Type: application/json\r\n");
            }
            r.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            out.write(r.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
            String head = readHead();
            int status = Integer.parseInt(head.substring(9, 12));
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).strip());
                }
            }
            assertThat(head.toLowerCase(Locale.ROOT)).as("a fixed-length answer").doesNotContain("transfer-encoding");
            closed = head.toLowerCase(Locale.ROOT).contains("connection: close");
            in.readNBytes(length);
            return status;
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                head.write(c);
                matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        assertThat(b.toString()).isNotEqualTo(s);
        return b.toString();
    }

    @Test
    void caseSwappedTokensAreRefusedOnTheConnectionThatCarriedTheRealOnes() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            String key = s.secret(s.admin("POST", "/admin/v1/api-keys",
                    "{\"name\":\"shop\",\"integrations\":[\"default\"]}").json().get("key").asText());
            assertThat(s.admin("POST", "/admin/v1/users", "{\"login\":\"hc\",\"password\":\"correct horse 1\"}")
                    .status()).isEqualTo(201);
            String access = accessToken(s);
            String verify = "{\"login\":\"hc\",\"otp\":\"abcdef\"}";
            try (Connection c = new Connection(s.baseUrl())) {
                assertThat(c.send("GET", "/admin/v1/integrations", TestServer.ADMIN_TOKEN, null)).isEqualTo(200);
                assertThat(c.send("GET", "/admin/v1/integrations", swapCase(TestServer.ADMIN_TOKEN), null))
                        .isEqualTo(401);
                assertThat(c.send("GET", "/api/v1/me/status", access, null)).isEqualTo(200);
                assertThat(c.send("GET", "/api/v1/me/status", swapCase(access), null)).isEqualTo(401);
                assertThat(c.send("POST", "/api/v1/otp/verify", key, verify)).isEqualTo(200);
                assertThat(c.closed).as("every answer so far on the one kept-alive connection").isFalse();
                // last: a refused POST whose body the server did not read may end the connection (Jetty's choice)
                assertThat(c.send("POST", "/api/v1/otp/verify", swapCase(key), verify)).isEqualTo(401);
            }
        }
    }

    private static String accessToken(TestServer s) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String form = "grant_type=password&username=hc&password=correct+horse+1&client_id=pims-dev"
                + "&client_secret=pims-dev-secret";
        var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(s.baseUrl() + "/api/v1/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return s.secret(new ObjectMapper().readTree(r.body()).get("access_token").asText());
    }
}
