package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.protocol.device.DeviceState;
import dev.pims.protocol.wire.FormEncoding;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.ops.OpsConfig;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 item 5, through HTTP on both stores: blind guessing of activation codes on the device endpoint is
 * stopped per client address (an IPv6 /64 counting as one) and the rate an address gets is measured; wrong
 * codes are charged to the code and to its account, whose code issuance then backs off; the cluster-wide
 * ceiling raises the alert meter and one log line; the development outbox holds no code in clear.
 */
class CodeGuessingTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final DeviceProtocol protocol = new DeviceProtocol();
    private final SecureRandom random = new SecureRandom();
    private TestServer server;

    private void start(AccountSecurityConfig security) throws Exception {
        server = new TestServer(Files.createTempDirectory("pims-codes"),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), b -> b.accountSecurity(security)
                        .ops(OpsConfig.defaults().withTrustedProxies(List.of("127.0.0.1"))));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** ActionSetup mode=activate with {@code code}, from {@code address}; the answer's err. */
    private String setup(String address, String code) {
        String query = FormEncoding.encode(protocol.activateSetup(DeviceState.fresh(random), "default", code));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/iwws/MAC?" + query))
                    .header("X-Forwarded-For", address).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            WireMessage m = WireXml.read(r.body()).orElseThrow();
            return m.err();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomCode() {
        return String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
    }

    @Test
    void blindGuessingIsStoppedPerAddressAndItsRateIsBounded() throws Exception {
        start(AccountSecurityConfig.defaults());
        server.createUser("erin");
        String live = server.activationCode("erin", "default");
        // 12 wrong codes a minute per address (the burst), then one per 5 s
        for (int i = 0; i < 12; i++) {
            assertThat(setup("203.0.113.5", randomCode())).isEqualTo("NOK:CODE");
        }
        assertThat(setup("203.0.113.5", live)).isEqualTo("NOK:FORBIDDEN"); // refused unread, even the right code
        assertThat(setup("203.0.113.6", live)).isEqualTo("OK");
        // an IPv6 /64 is one address
        for (int i = 0; i < 12; i++) {
            assertThat(setup("2001:db8:5:0::" + Integer.toHexString(i + 1), randomCode())).isEqualTo("NOK:CODE");
        }
        assertThat(setup("2001:db8:5:0:ffff:ffff:ffff:fffe", randomCode())).isEqualTo("NOK:FORBIDDEN");
        assertThat(setup("2001:db8:5:1::1", randomCode())).isEqualTo("NOK:CODE");
        // measured: one guess a second for 10 simulated minutes from one fresh address
        int admitted = 0;
        int refused = 0;
        for (int s = 0; s < 600; s++) {
            String err = setup("192.0.2.77", randomCode());
            if (err.equals("NOK:FORBIDDEN")) {
                refused++;
            } else {
                assertThat(err).isEqualTo("NOK:CODE");
                admitted++;
            }
            server.clock.advance(Duration.ofSeconds(1));
        }
        // 12 at once, then 1 per 5 s: about 0.2 guesses/s sustained, 17,280 a day; with 1,000 live 8-digit codes
        // that is 0.17 expected live codes a day per address
        System.out.printf("blind guessing: %d guesses admitted, %d refused in 600 s from one address (%.3f/s)%n",
                admitted, refused, admitted / 600.0);
        assertThat(admitted).isBetween(12 + 600 / 5 - 2, 12 + 600 / 5 + 1);
        assertThat(refused).isEqualTo(600 - admitted);
    }

    @Test
    void wrongCodesAreChargedToTheCodeAndTheAccountWhoseIssuanceBacksOff() throws Exception {
        start(AccountSecurityConfig.defaults());
        AccountClient api = new AccountClient(server);
        api.createUser("frank", "frank password", null);
        String token = api.login("frank", "frank password");
        api.addPhone(token, "+33655500001");
        assertThat(api.requestSms(token, "enrollment", null, null).status()).isEqualTo(202);
        String code = api.lastCode("+33655500001");
        // three wrong values at the enrollment check: the live code dies (3 tries) and the account backs off
        for (int i = 0; i < 3; i++) {
            TestServer.Response r = api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"00000000\"}", token);
            assertThat(r.json().get("error").asText()).isEqualTo("NOK:CODE");
        }
        assertThat(api.call("POST", "/api/v1/me/enrollment/check", "{\"smsCode\":\"" + code + "\"}", token)
                .json().get("error").asText()).isEqualTo("NOK:CODE");
        TestServer.Response backoff = api.requestSms(token, "enrollment", null, null);
        assertThat(backoff.status()).isEqualTo(403);
        assertThat(backoff.json().get("message").asText()).contains("too many wrong codes");
        server.clock.advance(Duration.ofSeconds(61));
        token = api.login("frank", "frank password");
        assertThat(api.requestSms(token, "enrollment", null, null).status()).isEqualTo(202);
        // a code used successfully clears the account's count
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(api.lastCode("+33655500001"), "8080")).isEqualTo("OK");
        // wrong PINs at the device endpoint's activation charge the code and the account too
        String adminCode = server.activationCode("frank", "default");
        for (int i = 0; i < 3; i++) {
            assertThat(new TestDevice(server, "default").activate(adminCode, "1111")).isEqualTo("NOK:ACCESS");
        }
        assertThat(new TestDevice(server, "default").activate(adminCode, "8080")).isEqualTo("NOK:CODE");
        token = api.login("frank", "frank password");
        assertThat(api.requestSms(token, "enrollment", null, null).json().get("message").asText())
                .contains("too many wrong codes");
    }

    @Test
    void theClusterWideCeilingRaisesTheAlert() throws Exception {
        start(AccountSecurityConfig.defaults().withCodeFailures(12, 3));
        LogCapture logs = LogCapture.attach();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(setup("198.51.100." + (i + 1), randomCode())).isEqualTo("NOK:CODE");
            }
        } finally {
            logs.detach();
        }
        String metrics = server.server().metrics().scrape();
        assertThat(metrics).containsPattern("pims_code_failures_alert_total(\\{[^}]*\\})? 2\\.0");
        assertThat(metrics).containsPattern("pims_code_failures_total(\\{[^}]*\\})? 5\\.0");
        assertThat(logs.lines().stream().filter(l -> l.contains("ALERT wrong codes above the cluster-wide ceiling")))
                .hasSize(1);
    }

    @Test
    void theOutboxHoldsNoCodeInClear() throws Exception {
        start(AccountSecurityConfig.defaults());
        AccountClient api = new AccountClient(server);
        api.createUser("gina", "gina password", null);
        String token = api.login("gina", "gina password");
        assertThat(api.requestSms(token, "phoneNumberCertification", "+33655500002", null).status()).isEqualTo(202);
        String code = api.lastCode("+33655500002");
        assertThat(code).matches("[0-9]{8}");
        List<String> stored = server.server().database().inTransaction(sql -> sql.query(
                "SELECT * FROM sms_outbox", rs -> {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.append(rs.getString(c)).append('|');
                    }
                    return row.toString();
                }));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0)).doesNotContain(code).contains("+33655500002");
    }
}
