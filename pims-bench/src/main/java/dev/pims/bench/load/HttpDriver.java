package dev.pims.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pims.protocol.wire.FormEncoding;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The generator's HTTP side: the device endpoint, the admin API and verification, counting every request. */
final class HttpDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final URI server;
    private final String adminToken;
    final LongAdder requests = new LongAdder();

    HttpDriver(URI server, String adminToken) {
        this.server = server;
        this.adminToken = adminToken;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    WireMessage mac(Map<String, String> params) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/iwws/MAC"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(FormEncoding.encode(params))).build();
        String body = send(request).body();
        return WireXml.read(body).orElseThrow(() -> new IOException("unreadable device-endpoint answer"));
    }

    JsonNode adminPost(String path, Object body) throws IOException, InterruptedException {
        return postJson(path, body, 201);
    }

    JsonNode postJson(String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != expected) {
            throw new IOException("POST " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    JsonNode putJson(String path, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.resolve(path))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(30)).GET().build());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    int delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30)).DELETE().build()).statusCode();
    }

    int get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build())
                .statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        requests.increment();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
