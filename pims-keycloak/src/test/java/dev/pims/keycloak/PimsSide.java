package dev.pims.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.sdk.Pims;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PIMS side of the tests: the real server in-process on a fixed free port (so that it can be stopped and
 * started again at the same address), its admin API, and apps enrolled through the SDK facade.
 */
final class PimsSide implements AutoCloseable {
    static final String ADMIN_TOKEN = "kc-test-admin-token-0123456789abcdef";
    static final String MACID = "keycloak-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    final MutableClock clock = new MutableClock(Instant.now());
    private final Path dataDir;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private PimsServer server;

    PimsSide(Path dataDir) {
        this.dataDir = dataDir;
        this.port = freePort();
        start();
    }

    void start() {
        server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(port).dataDir(dataDir)
                .adminToken(ADMIN_TOKEN).clock(clock).keyPoolSize(2)
                // the SDK enrolls with the development OAuth client and reads codes from the outbox
                .development().build());
    }

    void stop() {
        server.close();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode admin(String method, String path, Object body, int expected) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
            }
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An integration for the test's apps: default policy, 1024-bit RSA so that activation is quick. */
    void createIntegration() {
        admin("POST", "/admin/v1/integrations", obj("macid", MACID, "rsaBits", 1024), 201);
        // a login test asks one device for more OTPs a minute than the default limit (10) allows
        admin("PUT", "/admin/v1/integrations/" + MACID + "/policy", obj("otpPerDevicePerMinute", 60), 200);
    }

    /** A relying-party API key for the test's integration; the answer's {@code key} is shown once. */
    String createApiKey(String name) {
        return admin("POST", "/admin/v1/api-keys", obj("name", name, "integrations", java.util.List.of(MACID)), 201)
                .get("key").asText();
    }

    void createUser(String login, String password, String phone) {
        admin("POST", "/admin/v1/users", obj("login", login, "password", password, "phoneNumber", phone), 201);
    }

    String newestSmsCode(String phone) {
        JsonNode list = admin("GET", "/admin/v1/sms-outbox?phoneNumber="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), null, 200);
        return list.get(0).get("code").asText();
    }

    /** The relying party's own check, for the tests' assertions on the PIMS side. */
    JsonNode verify(String login, String otp, boolean requirePin) {
        return admin("POST", "/api/v1/otp/verify", obj("login", login, "otp", otp, "requirePin", requirePin), 200);
    }

    /** A PIMS account with a trusted phone, and an app on which a device is enrolled with {@code pin}. */
    App enroll(String login, String password, String phone, String pin) throws IOException {
        createUser(login, password, phone);
        App app = new App(Files.createTempDirectory(dataDir.getParent(), "app"));
        app.ok(app.call(app.pims.initializeAsync(App.params(baseUrl(), app.storage))));
        app.ok(app.set("pims.authentication.user", "action", "login", "username", login, "password", password));
        app.result(app.get("pims.authentication.smscode", "type", "enrollment"));
        app.ok(app.set("pims.authentication.enrollment", "action", "enroll", "pinCode", pin, "smsCode",
                newestSmsCode(phone)));
        return app;
    }

    static ObjectNode obj(Object... kv) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            n.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
        }
        return n;
    }

    @Override
    public void close() {
        stop();
    }

    /** One phone app: the {@link Pims} facade with its own storage. */
    static final class App implements AutoCloseable {
        final Pims pims = Pims.builder().build();
        final Path storage;

        App(Path storage) {
            this.storage = storage;
        }

        static Map<String, Object> params(String url, Path storage) {
            Map<String, Object> credential = new LinkedHashMap<>();
            credential.put("clientID", "pims-dev");
            credential.put("clientSecret", "pims-dev-secret");
            credential.put("webviewsRedirectURI", "app://webviews");
            credential.put("loginRedirectURI", "app://login");
            credential.put("macID", MACID);
            credential.put("inWeboURL", url);
            credential.put("serverURL", url);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("environnement", "development");
            p.put("mode", "B2C");
            p.put("credential", credential);
            p.put("profile", Map.of("brand", "Peugeot"));
            p.put("storage", Map.of("path", storage.toString()));
            return p;
        }

        String otpWithPin(String pin) {
            return (String) result(get("pims.authentication.otp", "action", "withPIN", "pinCode", pin)).get("otp");
        }

        String otpWithoutPin() {
            return (String) result(get("pims.authentication.otp", "action", "withoutPIN")).get("otp");
        }

        Map<String, Object> get(String api, Object... kv) {
            return call(pims.getAsync(api, map(kv)));
        }

        Map<String, Object> set(String api, Object... kv) {
            return call(pims.setAsync(api, map(kv)));
        }

        void ok(Map<String, Object> m) {
            if (!"SUCCEEDED".equals(m.get("status"))) {
                throw new AssertionError("the SDK answered " + m);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> result(Map<String, Object> m) {
            ok(m);
            return (Map<String, Object>) m.get("result");
        }

        private static Map<String, Object> map(Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return m;
        }

        private Map<String, Object> call(CompletableFuture<Map<String, Object>> f) {
            try {
                return f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the SDK gave no answer", e);
            }
        }

        @Override
        public void close() {
            pims.close();
        }
    }
}
