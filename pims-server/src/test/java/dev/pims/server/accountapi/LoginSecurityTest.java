package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pims.server.accountapi.AccountSecurityConfig;
import dev.pims.server.ops.OpsConfig;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 item 2, through HTTP on both stores: password guessing spread over many addresses is stopped by the
 * exact per-login count, the real user's known client keeps logging in, one address is limited on its own,
 * unknown logins answer like wrong passwords, a login flood is answered 503 at once while verification keeps
 * working, and an administrator's block stops logins and tokens. Client addresses come from X-Forwarded-For
 * (127.0.0.1 is a trusted proxy here).
 */
class LoginSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "the real password";
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServer server;

    private TestServer start(AccountSecurityConfig security) throws Exception {
        server = new TestServer(Files.createTempDirectory("pims-login"),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), b -> b.accountSecurity(security)
                        .ops(OpsConfig.defaults().withTrustedProxies(List.of("127.0.0.1"))));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Answer(int status, JsonNode body, String retryAfter) { }

    private Answer login(String address, String user, String password, String knownClient) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "password");
        f.put("username", user);
        f.put("password", password);
        f.put("client_id", "pims-dev");
        f.put("client_secret", "pims-dev-secret");
        if (knownClient != null) {
            f.put("known_client_token", knownClient);
        }
        String body = f.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", address)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode j = JSON.readTree(r.body());
            if (r.statusCode() == 200) {
                server.secret(j.get("access_token").asText());
                server.secret(j.get("refresh_token").asText());
                server.secret(j.get("known_client_token").asText());
            }
            return new Answer(r.statusCode(), j, r.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void createUser(String login) {
        assertThat(server.admin("POST", "/admin/v1/users",
                "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
    }

    @Test
    void guessesSpreadOverManyAddressesLockTheLoginButNotItsKnownClient() throws Exception {
        start(AccountSecurityConfig.defaults());
        createUser("alice");
        Answer first = login("198.51.100.1", "alice", PASSWORD, null);
        assertThat(first.status()).isEqualTo(200);
        String known = first.body().get("known_client_token").asText();
        assertThat(known).startsWith("kc1.");
        // five wrong guesses, each from another address: the fifth locks the login's own budget (30 s)
        for (int i = 0; i < 5; i++) {
            assertThat(login("203.0.113." + (10 + i), "alice", "guess " + i, null).status()).isEqualTo(400);
        }
        Answer locked = login("203.0.113.99", "alice", PASSWORD, null);
        assertThat(locked.status()).isEqualTo(400);
        assertThat(locked.body().get("error").asText()).isEqualTo("invalid_grant");
        // the real user's client keeps its own budget
        Answer mine = login("198.51.100.1", "alice", PASSWORD, known);
        assertThat(mine.status()).as(mine.body().toString()).isEqualTo(200);
        // a forged or another login's known-client token is ignored (the account's budget applies)
        String forged = known.substring(0, known.length() - 1) + (known.endsWith("0") ? "1" : "0");
        assertThat(login("203.0.113.98", "alice", PASSWORD, forged).status()).isEqualTo(400);
        // the lock grows: the 6th failure (after the first lock ran out) locks for 60 s
        server.clock.advance(Duration.ofSeconds(31));
        assertThat(login("203.0.113.20", "alice", "guess 6", null).status()).isEqualTo(400);
        server.clock.advance(Duration.ofSeconds(31));
        assertThat(login("203.0.113.21", "alice", PASSWORD, null).status()).isEqualTo(400);
        server.clock.advance(Duration.ofSeconds(30));
        assertThat(login("203.0.113.22", "alice", PASSWORD, null).status()).isEqualTo(200);
        JsonNode audit = server.admin("GET", "/admin/v1/audit?login=alice", null).json();
        assertThat(audit.toString()).contains("invalid_grant:locked");
    }

    @Test
    void oneAddressIsLimitedAndUnknownLoginsAnswerLikeWrongPasswords() throws Exception {
        start(AccountSecurityConfig.defaults());
        createUser("bob");
        Answer unknown = login("192.0.2.7", "nobody-at-all", "whatever", null);
        Answer wrong = login("192.0.2.7", "bob", "whatever", null);
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        // 20 failures a minute per address (IPv6: per /64): the next attempt is refused before any hash
        for (int i = 0; i < 18; i++) {
            assertThat(login("192.0.2.7", "user" + i, "x", null).status()).isEqualTo(400);
        }
        Answer limited = login("192.0.2.7", "bob", PASSWORD, null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("error").asText()).isEqualTo("slow_down");
        assertThat(Long.parseLong(limited.retryAfter())).isBetween(1L, 60L);
        assertThat(login("192.0.2.8", "bob", PASSWORD, null).status()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            login("2001:db8:1:2::" + Integer.toHexString(i + 1), "user" + i, "x", null);
        }
        assertThat(login("2001:db8:1:2:ffff::1", "bob", PASSWORD, null).status()).isEqualTo(429);
        assertThat(login("2001:db8:1:3::1", "bob", PASSWORD, null).status()).isEqualTo(200);
        server.clock.advance(Duration.ofSeconds(3));
        assertThat(login("192.0.2.7", "bob", PASSWORD, null).status()).isEqualTo(200);
    }

    @Test
    void aBlockedAccountCannotLogInAndItsTokensStopWorking() throws Exception {
        start(AccountSecurityConfig.defaults());
        createUser("carol");
        Answer t = login("192.0.2.30", "carol", PASSWORD, null);
        String access = t.body().get("access_token").asText();
        AccountClient api = new AccountClient(server);
        assertThat(api.call("GET", "/api/v1/me/status", null, access).status()).isEqualTo(200);
        assertThat(server.admin("POST", "/admin/v1/users/carol/block", null).status()).isEqualTo(200);
        assertThat(login("192.0.2.30", "carol", PASSWORD, t.body().get("known_client_token").asText()).status())
                .isEqualTo(400);
        for (String path : List.of("/api/v1/me/status", "/api/v1/me/phone-number")) {
            TestServer.Response r = api.call("GET", path, null, access);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().get("error").asText()).isEqualTo("NOK:BLOCKED");
        }
        TestServer.Response sms = api.requestSms(access, "phoneNumberCertification", "+33600000001", null);
        assertThat(sms.json().get("error").asText()).isEqualTo("NOK:BLOCKED");
        Map<String, String> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", "refresh_token");
        refresh.put("refresh_token", t.body().get("refresh_token").asText());
        refresh.put("client_id", "pims-dev");
        refresh.put("client_secret", "pims-dev-secret");
        assertThat(api.form("/api/v1/oauth/token", refresh, null).json().get("error").asText())
                .isEqualTo("invalid_grant");
        assertThat(server.admin("POST", "/admin/v1/users/carol/unblock", null).status()).isEqualTo(200);
        assertThat(login("192.0.2.30", "carol", PASSWORD, null).status()).isEqualTo(200);
    }

    /**
     * A login flood on a one-thread password pool without a queue: the extra logins are answered 503 with
     * Retry-After at once, and OTP verification and readiness keep answering during the flood (a functional
     * check: nothing here is timed).
     */
    @Test
    void aLoginFloodIsAnswered503AndOtherRoutesKeepWorking() throws Exception {
        start(AccountSecurityConfig.defaults().withPasswordPool(1, 0).withLoginFailuresPerMinute(0));
        createUser("dave");
        TestDevice device = new TestDevice(server, "default");
        assertThat(device.activate(server.activationCode("dave", "default"), "1357")).isEqualTo("OK");
        AtomicBoolean flooding = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(16);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> floods = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            floods.add(pool.submit(() -> {
                started.countDown();
                while (flooding.get()) {
                    answers.add(login("198.51.100." + (n + 1), "dave", "wrong " + n, null));
                }
            }));
        }
        started.await();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(server.verify("dave", device.otp("1357"), true).get("result").asText()).isEqualTo("OK");
                assertThat(server.send("GET", "/health/ready", null, null).status()).isEqualTo(200);
            }
            while (answers.stream().noneMatch(a -> a.status() == 503)) {
                Thread.sleep(20);
            }
        } finally {
            flooding.set(false);
            for (var f : floods) {
                f.get();
            }
            pool.shutdown();
        }
        Answer busy = answers.stream().filter(a -> a.status() == 503).findFirst().orElseThrow();
        assertThat(busy.retryAfter()).isEqualTo("1");
        assertThat(busy.body().get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(answers).allMatch(a -> a.status() == 503 || a.status() == 400);
    }
}
