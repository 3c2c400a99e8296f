package dev.pims.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authenticator's HTTP client against the real PIMS server, and against servers that misbehave. */
class PimsClientTest {
    private static final String PIN = "1357";
    @TempDir
    static Path dir;
    private static PimsSide pims;
    private static PimsSide.App app;
    private static String key;
    private final PimsClient client = new PimsClient();

    @BeforeAll
    static void start() throws IOException {
        pims = new PimsSide(dir.resolve("server"));
        pims.createIntegration();
        key = pims.createApiKey("client-test");
        app = pims.enroll("carol", "carol-password", "+33611112222", PIN);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (pims != null) {
            pims.close();
        }
    }

    private static StepConfig config(String url, String apiKey, boolean requirePin, long timeoutMs) {
        StepConfig.Parsed p = StepConfig.parse(Map.of(StepConfig.SERVER_URL, url, StepConfig.API_KEY, apiKey,
                StepConfig.REQUIRE_PIN, Boolean.toString(requirePin), StepConfig.CONNECT_TIMEOUT_MS, "500",
                StepConfig.TIMEOUT_MS, Long.toString(timeoutMs)), v -> v);
        return ((StepConfig.Parsed.Valid) p).config();
    }

    @Test
    void anOtpVerifiesOnceAndSaysWhetherThePinWasProven() {
        StepConfig c = config(pims.baseUrl(), key, false, 5000);
        String withPin = app.otpWithPin(PIN);
        Verdict v = client.verify(c, "carol", withPin);
        assertThat(v).isInstanceOf(Verdict.Verified.class);
        assertThat(((Verdict.Verified) v).pinVerified()).isTrue();
        assertThat(((Verdict.Verified) v).deviceId()).isNotBlank();
        assertThat(client.verify(c, "carol", withPin)).isEqualTo(new Verdict.Refused());
        Verdict pinless = client.verify(c, "carol", app.otpWithoutPin());
        assertThat(pinless).isEqualTo(new Verdict.Verified(false, ((Verdict.Verified) v).deviceId()));
    }

    @Test
    void everyRefusalIsTheSameRefused() {
        StepConfig c = config(pims.baseUrl(), key, true, 5000);
        assertThat(client.verify(c, "carol", app.otpWithoutPin())).isEqualTo(new Verdict.Refused());
        assertThat(client.verify(c, "carol", "12345678")).isEqualTo(new Verdict.Refused());
        assertThat(client.verify(c, "nobody", "12345678")).isEqualTo(new Verdict.Refused());
        assertThat(client.verify(c, "carol", "NOT AN OTP")).isEqualTo(new Verdict.Refused());
    }

    @Test
    void aWrongApiKeyIsNoVerdictAndDoesNotSpendTheOtp() {
        String otp = app.otpWithPin(PIN);
        Verdict v = client.verify(config(pims.baseUrl(), "not-the-key", true, 5000), "carol", otp);
        assertThat(v).isInstanceOf(Verdict.Unavailable.class);
        assertThat(((Verdict.Unavailable) v).why()).contains("API key").doesNotContain("not-the-key");
        assertThat(client.verify(config(pims.baseUrl(), key, true, 5000), "carol", otp))
                .isInstanceOf(Verdict.Verified.class);
    }

    @Test
    void nobodyListeningIsNoVerdict() {
        int port = PimsSide.freePort();
        Verdict v = client.verify(config("http://127.0.0.1:" + port, key, true, 2000), "carol", "12345678");
        assertThat(v).isInstanceOf(Verdict.Unavailable.class);
    }

    @Test
    void aServerThatNeverAnswersIsNoVerdictAfterTheTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // done
                }
            });
            long start = System.nanoTime();
            Verdict v = client.verify(config("http://127.0.0.1:" + silent.getLocalPort(), key, true, 700),
                    "carol", "12345678");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(v).isInstanceOf(Verdict.Unavailable.class);
            // it waited for the timeout, not for ever
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void anythingButAReadableOkOrNokIsNoVerdict() throws IOException {
        HttpServer odd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, Object[]> answers = Map.of(
                "/html/api/v1/otp/verify", new Object[] {200, "<html>proxy</html>"},
                "/noresult/api/v1/otp/verify", new Object[] {200, "{\"status\":\"OK\"}"},
                "/nopin/api/v1/otp/verify", new Object[] {200, "{\"result\":\"OK\"}"},
                "/busy/api/v1/otp/verify", new Object[] {429, "{}"},
                "/broken/api/v1/otp/verify", new Object[] {500, "{\"result\":\"OK\",\"pinVerified\":true}"},
                "/redirect/api/v1/otp/verify", new Object[] {302, ""});
        answers.forEach((path, a) -> odd.createContext(path, x -> {
            byte[] body = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Location", "http://127.0.0.1:1/");
            x.sendResponseHeaders((Integer) a[0], body.length == 0 ? -1 : body.length);
            x.getResponseBody().write(body);
            x.close();
        }));
        odd.start();
        try {
            for (String path : answers.keySet()) {
                String base = "http://127.0.0.1:" + odd.getAddress().getPort() + path.replace("/api/v1/otp/verify", "");
                assertThat(client.verify(config(base, key, true, 3000), "carol", "12345678"))
                        .as(path).isInstanceOf(Verdict.Unavailable.class);
            }
        } finally {
            odd.stop(0);
        }
    }
}
