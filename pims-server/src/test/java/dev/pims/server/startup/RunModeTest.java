package dev.pims.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.RunMode;
import dev.pims.server.testing.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Development only when asked for (issue 8 item 3), on the store of the run: a production server has neither
 * the public client pims-dev nor the SMS outbox, and refuses SMS requests with a clear error without storing any
 * code; a store used in development and then started in production loses both.
 */
class RunModeTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void productionHasNoDevelopmentClientNoOutboxAndRefusesSmsClearly(@TempDir Path dir) throws Exception {
        try (TestServer server = new TestServer(dir, RunMode.PRODUCTION)) {
            assertThat(token(server, "pims-dev", "pims-dev-secret", "nobody", "x").statusCode()).isEqualTo(401);
            TestServer.Response outbox = server.admin("GET", "/admin/v1/sms-outbox", null);
            assertThat(outbox.status()).isEqualTo(404);
            assertThat(outbox.json().get("error").asText()).isEqualTo("not_found");
            assertThat(server.admin("GET", "/admin/v1/oauth-clients", null).body()).doesNotContain("pims-dev");

            // a real client and user: the SMS request is refused in plain words, and nothing holds the code
            String secret = server.admin("POST", "/admin/v1/oauth-clients", "{\"clientId\":\"app\"}").json()
                    .get("clientSecret").asText();
            server.admin("POST", "/admin/v1/users", "{\"login\":\"prod\",\"password\":\"prod-pw\"}");
            String access = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    token(server, "app", secret, "prod", "prod-pw").body()).get("access_token").asText();
            TestServer.Response sms = server.send("POST", "/api/v1/me/sms-codes",
                    "{\"type\":\"phoneNumberCertification\",\"phoneNumber\":\"+33612345678\"}", access);
            assertThat(sms.status()).as(sms.body()).isGreaterThanOrEqualTo(500);
            assertThat(sms.body()).contains("no SMS sender").contains("pims.sms.webhook-url");
            assertThat(server.server().database().inTransaction(sql -> (Long) sql.count("SELECT COUNT(*) FROM sms_outbox")).longValue())
                    .isZero();
        }
    }

    @Test
    void aStoreUsedInDevelopmentLosesTheClientAndTheOutboxInProduction(@TempDir Path dir) throws Exception {
        try (TestServer dev = new TestServer(dir, RunMode.DEVELOPMENT)) {
            dev.admin("POST", "/admin/v1/users", "{\"login\":\"d\",\"password\":\"d-pw\",\"phoneNumber\":\"+33612345678\"}");
            HttpResponse<String> t = token(dev, "pims-dev", "pims-dev-secret", "d", "d-pw");
            assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
            String access = new com.fasterxml.jackson.databind.ObjectMapper().readTree(t.body()).get("access_token").asText();
            assertThat(dev.send("POST", "/api/v1/me/sms-codes",
                    "{\"type\":\"phoneNumberCertification\",\"phoneNumber\":\"+33 6 99 99 99 99\"}", access).status())
                    .isLessThan(300);
            // the outbox filter takes the number in any spacing: one normalisation on every path
            assertThat(dev.admin("GET", "/admin/v1/sms-outbox?phoneNumber=" + URLEncoder.encode("+33 6 99-99.99 99",
                    StandardCharsets.UTF_8), null).json()).hasSize(1);

            try (TestServer prod = dev.newNode(RunMode.PRODUCTION)) {
                assertThat(token(prod, "pims-dev", "pims-dev-secret", "d", "d-pw").statusCode()).isEqualTo(401);
                assertThat(prod.send("GET", "/api/v1/me/status", null, access).status()).isEqualTo(401);
                assertThat(prod.server().database().inTransaction(sql -> (Long) sql.count("SELECT COUNT(*) FROM sms_outbox")).longValue())
                        .isZero();
            }
        }
    }

    private HttpResponse<String> token(TestServer server, String client, String secret, String user, String password)
            throws Exception {
        String form = "grant_type=password&username=" + user + "&password=" + password + "&client_id=" + client
                + "&client_secret=" + secret;
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
