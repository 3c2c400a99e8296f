package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class OtpAppTest {
    static final String TOKEN = "consumer-admin-token-0123456789abcdef";

    @Test
    void enrollsThenGetsAnOtpTheServerVerifies() throws Exception {
        try (PimsServer server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                .dataDir(Files.createTempDirectory("java-consumer")).adminToken(TOKEN).keyPoolSize(1).development().build())) {
            String url = server.baseUrl();
            admin(url, "POST", "/admin/v1/users", "{\"login\":\"carol\",\"password\":\"pw-carol-1\","
                    + "\"phoneNumber\":\"+33612000001\"}", 201);
            try (OtpApp app = new OtpApp(url, "carol", "pw-carol-1")) {
                app.requestEnrollmentSms();
                String outbox = admin(url, "GET", "/admin/v1/sms-outbox?phoneNumber=%2B33612000001", null, 200);
                String code = outbox.replaceAll("(?s).*?\"code\"\\s*:\\s*\"([0-9]+)\".*", "$1");
                app.enroll(code, "1357");
                String otp = app.otp();
                String verdict = admin(url, "POST", "/api/v1/otp/verify",
                        "{\"login\":\"carol\",\"otp\":\"" + otp + "\",\"requirePin\":false}", 200);
                assertEquals(true, verdict.replace(" ", "").contains("\"result\":\"OK\""), verdict);
            }
        }
    }

    static String admin(String url, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
