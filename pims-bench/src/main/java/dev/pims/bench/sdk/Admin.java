package dev.pims.bench.sdk;

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

/** The admin API calls the SDK measurements need: users, the SMS outbox, policy limits, /metrics. */
final class Admin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;
    private final String token;

    Admin(String serverUrl, String token) {
        this.server = URI.create(serverUrl);
        this.token = token;
    }

    void createUser(String login, String password, String phone) throws IOException, InterruptedException {
        send("POST", "/admin/v1/users", Map.of("login", login, "password", password, "phoneNumber", phone), 201);
    }

    /** Raises the OTP limits of {@code macid}: sequential OTPs from one device go far beyond the defaults. */
    void raiseOtpLimits(String macid) throws IOException, InterruptedException {
        // (the per-address request limits are server settings: pims.limits.device-per-minute)
        send("PUT", "/admin/v1/integrations/" + macid + "/policy", Map.of("otpPerDevicePerMinute", 1_000_000,
                "otpPerDevicePerHour", 1_000_000), 200);
    }

    String newestSmsCode(String phone) throws IOException, InterruptedException {
        JsonNode list = send("GET", "/admin/v1/sms-outbox?phoneNumber=" + URLEncoder.encode(phone,
                StandardCharsets.UTF_8), null, 200);
        if (list.isEmpty()) {
            throw new IOException("no SMS for " + phone);
        }
        return list.get(0).get("code").asText();
    }

    String metrics() throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(server.resolve("/metrics")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> a = client.send(r, HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() != 200) {
            throw new IOException("/metrics answered " + a.statusCode());
        }
        return a.body();
    }

    private JsonNode send(String method, String path, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> a = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() != expected) {
            throw new IOException(method + " " + path + " answered " + a.statusCode());
        }
        return JSON.readTree(a.body().isEmpty() ? "{}" : a.body());
    }
}
