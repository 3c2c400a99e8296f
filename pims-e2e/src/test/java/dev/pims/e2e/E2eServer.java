package dev.pims.e2e;

import dev.pims.server.testing.MutableClock;
import java.time.Instant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The real PimsServer, in-process on port 0, with its admin and relying-party APIs as a test would call them. */
final class E2eServer implements AutoCloseable {
    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger PHONES = new AtomicInteger(1000000);
    private static final AtomicInteger LOGINS = new AtomicInteger();

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final PimsServer server;

    private E2eServer(Path dataDir) {
        server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .adminToken(ADMIN_TOKEN).clock(clock).keyPoolSize(4).development()
                // every SDK here is 127.0.0.1: no per-address budget of wrong codes and passwords
                .accountSecurity(dev.pims.server.accountapi.AccountSecurityConfig.defaults()
                        .withLoginFailuresPerMinute(0).withCodeFailures(0, 0)).build());
    }

    static E2eServer start(Path dataDir) {
        return new E2eServer(dataDir);
    }

    String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        server.close();
    }

    record Answer(int status, JsonNode json) {
    }

    Answer call(String method, String path, String body, String bearer, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode admin(String method, String path, Object body, int expectedStatus) {
        try {
            Answer a = call(method, path, body == null ? null : JSON.writeValueAsString(body), ADMIN_TOKEN,
                    "application/json");
            if (a.status() != expectedStatus) {
                throw new AssertionError(method + " " + path + " answered " + a.status() + " " + a.json());
            }
            return a.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return n;
    }

    static String newPhone() {
        return "+336" + String.format("%08d", PHONES.incrementAndGet());
    }

    static String newLogin(String prefix) {
        return prefix + "-" + LOGINS.incrementAndGet();
    }

    /** A user with a password and, when {@code phone} is not null, a trusted phone number. */
    void createUser(String login, String password, String phone) {
        ObjectNode body = obj("login", login, "password", password);
        if (phone != null) {
            body.put("phoneNumber", phone);
        }
        admin("POST", "/admin/v1/users", body, 201);
    }

    /** An integration; 1024-bit RSA unless the policy says otherwise (test speed). */
    void createIntegration(ObjectNode policy) {
        if (!policy.has("rsaBits")) {
            policy.put("rsaBits", 1024);
        }
        admin("POST", "/admin/v1/integrations", policy, 201);
    }

    JsonNode user(String login) {
        return admin("GET", "/admin/v1/users/" + login, null, 200);
    }

    String onlyDeviceId(String login) {
        JsonNode devices = user(login).get("devices");
        if (devices.size() != 1) {
            throw new AssertionError("expected one device, got " + devices);
        }
        return devices.get(0).get("id").asText();
    }

    void block(String login) {
        admin("POST", "/admin/v1/users/" + login + "/block", null, 200);
    }

    void unblock(String login) {
        admin("POST", "/admin/v1/users/" + login + "/unblock", null, 200);
    }

    void disableDevice(String login, String id) {
        admin("POST", "/admin/v1/users/" + login + "/devices/" + id + "/disable", null, 200);
    }

    void enableDevice(String login, String id) {
        admin("POST", "/admin/v1/users/" + login + "/devices/" + id + "/enable", null, 200);
    }

    void deleteDevice(String login, String id) {
        admin("DELETE", "/admin/v1/users/" + login + "/devices/" + id, null, 200);
    }

    /** The code of the newest SMS sent to {@code phone} (the development outbox stands in for the phone). */
    String newestSmsCode(String phone) {
        JsonNode list = admin("GET", "/admin/v1/sms-outbox?phoneNumber="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), null, 200);
        if (list.isEmpty()) {
            throw new AssertionError("no SMS for that number");
        }
        return list.get(0).get("code").asText();
    }

    int smsCount(String phone) {
        return admin("GET", "/admin/v1/sms-outbox?phoneNumber="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), null, 200).size();
    }

    /** The relying party's check: {@code POST /api/v1/otp/verify}. */
    JsonNode verify(String login, String otp, boolean requirePin) {
        return admin("POST", "/api/v1/otp/verify", obj("login", login, "otp", otp, "requirePin", requirePin), 200);
    }

    /** Revokes a token family as the app's OAuth client would (RFC 7009 endpoint). */
    void revoke(String token) {
        Answer a = call("POST", "/api/v1/oauth/revoke", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&client_id=pims-dev&client_secret=pims-dev-secret", null, "application/x-www-form-urlencoded");
        if (a.status() != 200) {
            throw new AssertionError("revoke answered " + a.status());
        }
    }
}
