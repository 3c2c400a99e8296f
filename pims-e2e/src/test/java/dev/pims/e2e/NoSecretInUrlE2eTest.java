package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.ok;
import static dev.pims.e2e.E2eAssert.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import dev.pims.sdk.transport.HttpTransport;
import dev.pims.sdk.transport.UrlConnectionTransport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Nothing secret in a URL: every request the SDK sends with its default settings, recorded over a whole app
 * life (login, phone certification, both enrollments, OTPs with and without PIN, PIN update and reset, token,
 * removal, logout), has no code, PIN, KMA, proof or token in its URL.
 */
class NoSecretInUrlE2eTest extends E2eBase {

    /** Device-protocol and account-API parameter names whose values are secrets. */
    private static final List<String> SECRET_NAMES = List.of("code", "pin", "kma", "proof", "r0", "r1", "r2",
            "token", "password", "secret", "smscode", "otp", "k0", "k1", "kfact", "secval");

    /** Records each request, then sends it on with the default transport. */
    static final class Recording implements HttpTransport {
        final List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());
        private final HttpTransport real = new UrlConnectionTransport();

        @Override
        public HttpOutcome send(HttpRequest request) {
            sent.add(request);
            return real.send(request);
        }
    }

    @Test
    void noUrlCarriesASecretAndDeviceRequestsArePostForms() {
        Account a = newAccount(false);
        Recording recording = new Recording();
        List<String> secrets = new ArrayList<>(List.of(a.password(), PIN, "2468", "8642"));
        try (Pims pims = Pims.builder().transport(recording).build()) {
            ok(Sdk.await(pims.initializeAsync(Sdk.params(server.baseUrl(), MACID, newStorage()))));
            ok(Sdk.await(pims.setAsync(Sdk.USER, Sdk.map("action", "login", "username", a.login(),
                    "password", a.password()))));
            result(Sdk.await(pims.getAsync(Sdk.SMS, Sdk.map("type", "phoneNumberCertification",
                    "phoneNumber", a.phone()))));
            String certification = server.newestSmsCode(a.phone());
            secrets.add(certification);
            ok(Sdk.await(pims.setAsync(Sdk.SMS, Sdk.map("type", "addPhoneNumber", "smsCode", certification,
                    "phoneNumber", a.phone()))));
            result(Sdk.await(pims.getAsync(Sdk.SMS, Sdk.map("type", "enrollment"))));
            String code = server.newestSmsCode(a.phone());
            secrets.add(code);
            result(Sdk.await(pims.setAsync(Sdk.SMS, Sdk.map("action", "enrollment", "smsCode", code))));
            ok(Sdk.await(pims.setAsync(Sdk.ENROLLMENT, Sdk.map("action", "enroll", "pinCode", PIN))));
            secrets.add((String) result(Sdk.await(pims.getAsync(Sdk.OTP, Sdk.map("action", "withPIN",
                    "pinCode", PIN)))).get("otp"));
            secrets.add((String) result(Sdk.await(pims.getAsync(Sdk.OTP, Sdk.map("action", "withoutPIN"))))
                    .get("otp"));
            ok(Sdk.await(pims.setAsync(Sdk.PIN, Sdk.map("action", "update", "oldPIN", PIN, "newPIN", "2468"))));
            result(Sdk.await(pims.getAsync(Sdk.SMS, Sdk.map("type", "resetPIN"))));
            String reset = server.newestSmsCode(a.phone());
            secrets.add(reset);
            ok(Sdk.await(pims.setAsync(Sdk.PIN, Sdk.map("action", "reset", "pinCode", "8642", "smsCode", reset))));
            for (String type : List.of("customerAt", "idtoken")) {
                secrets.add((String) result(Sdk.await(pims.getAsync(Sdk.TOKEN, Sdk.map("type", type)))).get("token"));
            }
            secrets.add((String) result(Sdk.await(pims.getAsync(Sdk.TOKEN, Sdk.map("type", "cvs",
                    "action", "refresh")))).get("token"));
            result(Sdk.await(pims.getAsync(Sdk.SMS, Sdk.map("type", "phoneNumberCertification",
                    "phoneNumber", a.phone()))));
            ok(Sdk.await(pims.setAsync(Sdk.ENROLLMENT, Sdk.map("action", "remove"))));
            result(Sdk.await(pims.getAsync(Sdk.SMS, Sdk.map("type", "enrollment"))));
            String second = server.newestSmsCode(a.phone());
            secrets.add(second);
            ok(Sdk.await(pims.setAsync(Sdk.ENROLLMENT, Sdk.map("action", "enroll", "pinCode", "8642",
                    "smsCode", second))));
            ok(Sdk.await(pims.setAsync(Sdk.USER, Sdk.map("action", "logout"))));
        }
        List<HttpRequest> device = recording.sent.stream().filter(r -> r.url().contains("/iwws/MAC")).toList();
        assertThat(device).as("device-protocol requests").hasSizeGreaterThan(6);
        assertThat(device).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("action=");
        });
        assertThat(recording.sent).hasSizeGreaterThan(device.size());
        for (HttpRequest r : recording.sent) {
            String full = URLDecoder.decode(r.url(), StandardCharsets.UTF_8);
            String url = full.substring(full.indexOf('/', full.indexOf("://") + 3)); // path and query only
            int q = url.indexOf('?');
            String query = q < 0 ? "" : url.substring(q + 1).toLowerCase(Locale.ROOT);
            for (String name : SECRET_NAMES) {
                assertThat(query).as("query of %s", r).doesNotContain(name + "=");
            }
            for (String secret : secrets) {
                assertThat(url).as("URL of %s", r).doesNotContain(secret);
            }
        }
    }
}
