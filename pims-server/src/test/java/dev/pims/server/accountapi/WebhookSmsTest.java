package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The HTTP webhook SMS sender against a local com.sun.net.httpserver stub gateway. */
class WebhookSmsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY_TOKEN = "gateway-secret-token-42";
    private final HttpClient http = HttpClient.newHttpClient();

    record Received(String authorization, String contentType, JsonNode body) { }

    @Test
    void smsGoThroughTheWebhookAndFailuresAreClearErrors() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger answer = new AtomicInteger(202);
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/sms", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new Received(ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("Content-Type"), JSON.readTree(body)));
            if (answer.get() == 0) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer.set(200);
            }
            ex.sendResponseHeaders(answer.get(), -1);
            ex.close();
        });
        stub.start();
        LogCapture logs = LogCapture.attach();
        Path dir = Files.createTempDirectory("pims-webhook");
        PimsServer server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                .adminToken(TestServer.ADMIN_TOKEN).masterKey(TestServer.MASTER_KEY).development()
                .clock(new MutableClock(Instant.parse("2026-01-01T00:00:00Z"))).keyPoolSize(2)
                .smsWebhookUrl("http://127.0.0.1:" + stub.getAddress().getPort() + "/sms")
                .smsWebhookToken(GATEWAY_TOKEN).smsWebhookTimeout(Duration.ofSeconds(1)).build());
        String accessToken = null;
        try {
            send(server, "POST", "/admin/v1/users", "{\"login\":\"hook\",\"password\":\"hook password\"}",
                    TestServer.ADMIN_TOKEN);
            HttpResponse<String> tokenAnswer = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + "/api/v1/oauth/token")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=hook&password=hook+password"
                            + "&client_id=pims-dev&client_secret=pims-dev-secret")).build(),
                    HttpResponse.BodyHandlers.ofString());
            accessToken = JSON.readTree(tokenAnswer.body()).get("access_token").asText();

            HttpResponse<String> ok = send(server, "POST", "/api/v1/me/sms-codes",
                    "{\"type\":\"phoneNumberCertification\",\"phoneNumber\":\"+33611112222\"}", accessToken);
            assertThat(ok.statusCode()).isEqualTo(202);
            assertThat(received).hasSize(1);
            Received r = received.get(0);
            assertThat(r.authorization()).isEqualTo("Bearer " + GATEWAY_TOKEN);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.body().get("to").asText()).isEqualTo("+33611112222");
            String code = r.body().get("text").asText().replaceAll("[^0-9]", "");
            assertThat(code).hasSize(8);
            // the outbox is not used with the webhook sender
            assertThat(send(server, "GET", "/admin/v1/sms-outbox?phoneNumber=%2B33611112222", null,
                    TestServer.ADMIN_TOKEN).body()).isEqualTo("[]");
            // the code delivered through the gateway works
            assertThat(send(server, "POST", "/api/v1/me/phone-number",
                    "{\"phoneNumber\":\"+33611112222\",\"smsCode\":\"" + code + "\"}", accessToken).statusCode())
                    .isEqualTo(200);

            // the gateway refuses -> 502 NOK:SMSGATEWAY, and the undelivered code is dead
            answer.set(500);
            HttpResponse<String> refused = send(server, "POST", "/api/v1/me/sms-codes", "{\"type\":\"resetPIN\"}",
                    accessToken);
            assertThat(refused.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("NOK:SMSGATEWAY");
            String undelivered = received.get(received.size() - 1).body().get("text").asText().replaceAll("[^0-9]", "");
            assertThat(JSON.readTree(send(server, "POST", "/api/v1/me/pin/reset",
                    "{\"smsCode\":\"" + undelivered + "\",\"newPin\":\"2580\"}", accessToken).body()).get("error")
                    .asText()).isEqualTo("NOK:CODE");

            // timeout -> 502
            answer.set(0);
            HttpResponse<String> slow = send(server, "POST", "/api/v1/me/sms-codes", "{\"type\":\"resetPIN\"}",
                    accessToken);
            assertThat(slow.statusCode()).isEqualTo(502);

            // unreachable gateway -> 502
            stub.stop(0);
            HttpResponse<String> down = send(server, "POST", "/api/v1/me/sms-codes", "{\"type\":\"enrollment\"}",
                    accessToken);
            assertThat(down.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(down.body()).get("error").asText()).isEqualTo("NOK:SMSGATEWAY");
        } finally {
            server.close();
            stub.stop(0);
            logs.detach();
        }
        for (String line : logs.lines()) {
            assertThat(line).doesNotContain(GATEWAY_TOKEN).doesNotContain("hook password").doesNotContain(accessToken);
            for (Received r : received) {
                assertThat(line).doesNotContain(r.body().get("text").asText().replaceAll("[^0-9]", ""));
            }
        }
    }

    private HttpResponse<String> send(PimsServer server, String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
