package dev.pims.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The few admin and relying-party calls the CLI makes, JSON over HTTP with the admin token. */
public final class AdminApi {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI server;
    private final String token;

    public AdminApi(URI server, String token) {
        this.server = server;
        this.token = token;
    }

    public JsonNode createUser(String login, String password) throws IOException, InterruptedException {
        return send("POST", "/admin/v1/users", Map.of("login", login, "password", password), 201);
    }

    /** The newest SMS the development outbox holds for a number. */
    public JsonNode newestSms(String phoneNumber) throws IOException, InterruptedException {
        JsonNode list = send("GET", "/admin/v1/sms-outbox?phoneNumber="
                + URLEncoder.encode(phoneNumber, StandardCharsets.UTF_8), null, 200);
        if (!list.isArray() || list.isEmpty()) {
            throw new IOException("the development outbox holds no SMS for that number");
        }
        return list.get(0);
    }

    /** {@code POST /api/v1/otp/verify}, as a relying party. */
    public JsonNode verify(String login, String otp, boolean requirePin) throws IOException, InterruptedException {
        return send("POST", "/api/v1/otp/verify", Map.of("login", login, "otp", otp, "requirePin", requirePin), 200);
    }

    private JsonNode send(String method, String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(method + " " + path.replaceAll("\\?.*", "") + " answered HTTP " + response.statusCode());
        }
        return json.readTree(response.body());
    }
}
