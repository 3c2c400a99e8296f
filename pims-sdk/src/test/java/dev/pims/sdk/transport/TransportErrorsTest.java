package dev.pims.sdk.transport;

import static dev.pims.sdk.Msg.await;
import static dev.pims.sdk.Msg.failed;
import static dev.pims.sdk.Msg.result;
import static dev.pims.sdk.TestParams.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.FakeHttpServer;
import dev.pims.sdk.Pims;
import dev.pims.sdk.TestParams;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Transport failures as the host sees them, against a local HTTP server. */
class TransportErrorsTest {
    /** Long enough for a loaded CI machine to answer the quick cases; the slow case waits well past it. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

    private final FakeHttpServer server;
    private final Pims pims = Pims.builder()
            .transport(new UrlConnectionTransport(Duration.ofSeconds(5), READ_TIMEOUT))
            .build();

    TransportErrorsTest() throws IOException {
        server = new FakeHttpServer();
    }

    @AfterEach
    void close() {
        pims.close();
        server.close();
    }

    private Map<String, Object> login(String url) {
        result(await(pims.initializeAsync(TestParams.init(url))));
        return await(pims.setAsync("pims.authentication.user",
                of("action", "login", "username", "alice", "password", "pw")));
    }

    @Test
    void garbageIs2203() {
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 200, "<html>hello</html>"));
        failed(login(server.url()), 2203, "Invalid return [Parsing error] ou [No data] ou [invalid Data]");
    }

    @Test
    void serverErrorIs2204() {
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 500, "{\"error\":\"boom\"}"));
        failed(login(server.url()), 2204, "Server Error");
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 503, "down"));
        failed(await(pims.setAsync("pims.authentication.user",
                of("action", "login", "username", "alice", "password", "pw"))), 2204);
    }

    @Test
    void slowIs2201() {
        server.on("/api/v1/oauth/token", ex -> {
            try {
                Thread.sleep(READ_TIMEOUT.toMillis() * 3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeHttpServer.send(ex, 200, "{}");
        });
        failed(login(server.url()), 2201, "Timeout");
    }

    @Test
    void closedPortIs2202() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        failed(login("http://127.0.0.1:" + port), 2202, "Network problem : No internet");
    }

    @Test
    void oauthErrors() {
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 400, "{\"error\":\"invalid_grant\"}"));
        failed(login(server.url()), 2301);
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 401, "{\"error\":\"invalid_client\"}"));
        failed(await(pims.setAsync("pims.authentication.user",
                of("action", "login", "username", "alice", "password", "pw"))), 2006);
    }

    @Test
    void deviceEndpointGarbageAnd5xx() {
        server.on("/api/v1/oauth/token", ex -> FakeHttpServer.send(ex, 200,
                "{\"access_token\":\"at\",\"expires_in\":60}"));
        result(login(server.url()));
        server.on("/api/v1/me/enrollment/with-phone-number", ex -> FakeHttpServer.send(ex, 200,
                "{\"activationCode\":\"12345678\"}"));
        server.on("/iwws/MAC", ex -> FakeHttpServer.send(ex, 200, "not xml at all"));
        Map<String, Object> enroll = of("action", "enrollWithPhoneNumber", "pinCode", "1234", "smsCode", 11112222,
                "phoneNumber", "+33612345678");
        failed(await(pims.setAsync("pims.authentication.enrollment", enroll)), 2203);
        server.on("/iwws/MAC", ex -> FakeHttpServer.send(ex, 502, ""));
        failed(await(pims.setAsync("pims.authentication.enrollment", enroll)), 2204);
        server.on("/iwws/MAC", ex -> FakeHttpServer.send(ex, 200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ActionSetup><err>NOK:CODE</err></ActionSetup>"));
        failed(await(pims.setAsync("pims.authentication.enrollment", enroll)), 2305, "The sms code is invalid");
    }

    @Test
    void requestToStringHidesQueryAndBody() {
        HttpRequest r = new HttpRequest("GET", "http://h/iwws/MAC?code=12345678&pin=x", Collections.emptyMap(),
                "secret".getBytes());
        assertThat(r.toString()).isEqualTo("GET http://h/iwws/MAC").doesNotContain("12345678");
    }
}
