package dev.pims.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Health, readiness, /metrics content, request ids in headers and logs, and the access log's discretion. */
class ObservabilityTest {
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Prometheus scrape() throws Exception {
        HttpResponse<String> r = get("/metrics", "Authorization", "Bearer " + TestServer.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return new Prometheus(r.body());
    }

    @Test
    void livenessAndReadinessWithTheDatabaseDown() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"UP\"}");
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\":\"UP\"");
        server.server().database().close();
        HttpResponse<String> down = get("/health/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("\"database\":\"DOWN\"");
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNeedATokenAndCountTheJourney() throws Exception {
        assertThat(get("/metrics").statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        server.createUser("alice.metrics");
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(server.activationCode("alice.metrics", "default"), "1234")).isEqualTo("OK");
        String withPin = d.otp("1234");
        String pinless = d.otp(null);
        assertThat(d.otp("9999")).isEqualTo("NOK:ACCESS");
        assertThat(server.verify("alice.metrics", withPin, true).get("result").asText()).isEqualTo("OK");
        assertThat(server.verify("alice.metrics", pinless, true).get("reason").asText()).isEqualTo("pin_required");
        server.user("alice.metrics");

        Prometheus p = scrape();
        assertThat(p.sum("pims_device_requests_seconds_count", "action", "finalize", "mode", "otp", "result", "OK"))
                .isEqualTo(2);
        assertThat(p.sum("pims_device_requests_seconds_count", "action", "finalize", "mode", "otp", "result",
                "NOK:ACCESS")).isEqualTo(1);
        assertThat(p.sum("pims_device_requests_seconds_count", "action", "setup", "mode", "activate", "result", "OK"))
                .isEqualTo(1);
        assertThat(p.sum("pims_otp_issued_total", "pin", "true")).isEqualTo(1);
        assertThat(p.sum("pims_otp_issued_total", "pin", "false")).isEqualTo(1);
        assertThat(p.sum("pims_verifications_total", "api", "json", "result", "OK")).isEqualTo(1);
        assertThat(p.sum("pims_verifications_total", "api", "json", "result", "pin_required")).isEqualTo(1);
        assertThat(p.sum("pims_activations_total", "step", "activate")).isEqualTo(1);
        assertThat(p.sum("pims_activations_total", "step", "ms")).isEqualTo(1);
        // HTTP requests by route template, never by raw path
        assertThat(p.sum("pims_http_requests_seconds_count", "method", "GET", "route", "/admin/v1/users/{login}",
                "status", "200")).isGreaterThanOrEqualTo(1);
        assertThat(p.sum("pims_http_requests_seconds_count", "route", "/iwws/MAC")).isGreaterThanOrEqualTo(8);
        assertThat(p.samples).noneMatch(s -> s.labels().values().stream().anyMatch(v -> v.contains("alice")));
        // latency histograms and platform gauges
        assertThat(p.matching("pims_http_requests_seconds_bucket", "route", "/iwws/MAC")).isNotEmpty();
        assertThat(p.matching("pims_device_requests_seconds_bucket")).isNotEmpty();
        assertThat(p.has("jvm_memory_used_bytes")).isTrue();
        assertThat(p.has("hikaricp_connections_active")).isTrue();

        get("/nope/123");
        assertThat(scrape().sum("pims_http_requests_seconds_count", "route", "unmatched", "status", "404"))
                .isEqualTo(1);
    }

    @Test
    void wrongPinsShowAsLocksAndBlocksInMetrics() throws Exception {
        server.createUser("bob.metrics");
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(server.activationCode("bob.metrics", "default"), "1234")).isEqualTo("OK");
        for (int i = 0; i < 3; i++) {
            assertThat(d.otp("0000")).isEqualTo("NOK:ACCESS");
        }
        assertThat(scrape().sum("pims_account_blocks_total", "reason", "pin_lock")).isEqualTo(1);
        server.admin("POST", "/admin/v1/users/bob.metrics/block", null);
        assertThat(scrape().sum("pims_account_blocks_total", "reason", "admin")).isEqualTo(1);
    }

    @Test
    void requestIdIsEchoedOrMadeAndCarriedByEveryLogLineOfTheRequest() throws Exception {
        MdcCapture mdc = MdcCapture.attach();
        try {
            HttpResponse<String> given = get("/health", "X-Request-Id", "trace-42.a_b");
            assertThat(given.headers().firstValue("X-Request-Id")).contains("trace-42.a_b");
            HttpResponse<String> insane = get("/health", "X-Request-Id", "bad id\twith spaces" + "x".repeat(80));
            String made = insane.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(made).matches("[0-9a-f]{32}");
            assertThat(get("/health").headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{32}")
                    .isNotEqualTo(made);
            // a request that logs from inside the server: the failed-login audit is not logged, so use an
            // unexpected-exception-free path and look at the access line, logged with the MDC still set
            List<ILoggingEvent> access = mdc.events.stream()
                    .filter(e -> e.getLoggerName().equals("dev.pims.server.access")).toList();
            assertThat(access).anySatisfy(e -> {
                assertThat(e.getMDCPropertyMap()).containsEntry("requestId", "trace-42.a_b")
                        .containsEntry("client", "127.0.0.1");
                // the id is carried once, by the MDC, not repeated in the text
                assertThat(e.getFormattedMessage()).contains("GET /health 200").doesNotContain("trace-42.a_b")
                        .contains("client=127.0.0.1");
            });
            assertThat(access).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsKey("requestId"));
        } finally {
            mdc.detach();
        }
    }

    @Test
    void accessLogHasNoQueryStringAndNoSecret() {
        LogCapture logs = LogCapture.attach();
        try {
            server.createUser("carol.logs");
            TestDevice d = new TestDevice(server, "default");
            String code = server.activationCode("carol.logs", "default");
            assertThat(d.activate(code, "4826")).isEqualTo("OK");
            String otp = d.otp("4826");
            server.verify("carol.logs", otp, true);
            server.send("GET", "/FS?action=authenticateExtended&serviceId=default&userId=carol.logs&token=" + otp,
                    null, TestServer.ADMIN_TOKEN);
        } finally {
            logs.detach();
        }
        List<String> access = logs.lines().stream().filter(l -> l.contains("/iwws/MAC") || l.contains("/FS")).toList();
        assertThat(access).isNotEmpty();
        assertThat(access).allSatisfy(l -> assertThat(l).doesNotContain("?").doesNotContain("action=")
                .doesNotContain("token="));
        for (String line : logs.lines()) {
            for (String secret : server.secrets()) {
                if (secret.length() >= 8) {
                    assertThat(line).doesNotContain(secret);
                } else {
                    assertThat(line).doesNotContainPattern("(?<![0-9A-Za-z])" + secret + "(?![0-9A-Za-z])");
                }
            }
            assertThat(line).doesNotContain(TestServer.ADMIN_TOKEN);
        }
    }

    /** Captures whole events (with their MDC). */
    static final class MdcCapture extends AppenderBase<ILoggingEvent> {
        final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        static MdcCapture attach() {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            MdcCapture c = new MdcCapture();
            c.setContext(ctx);
            c.start();
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(c);
            return c;
        }

        void detach() {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
            stop();
        }

        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            events.add(e);
        }
    }
}
