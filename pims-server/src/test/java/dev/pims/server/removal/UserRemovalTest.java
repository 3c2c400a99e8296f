package dev.pims.server.removal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code DELETE /admin/v1/users/{login}} over HTTP, on the store the build selects. */
class UserRemovalTest {
    private static final List<String> OWNED = List.of("devices", "activation_codes", "issued_otps", "sms_codes",
            "oauth_tokens");

    @Test
    void removesTheAccountAndAllItOwnsAndNothingElse() throws Exception {
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-remove"))) {
            for (String login : List.of("gone", "kept")) {
                server.createUser(login);
                TestDevice d = new TestDevice(server, "default");
                assertThat(d.activate(server.activationCode(login, "default"), "1234")).isEqualTo("OK");
                assertThat(d.otp("1234")).doesNotStartWith("NOK"); // an issued OTP left unverified
                server.activationCode(login, "default"); // an unused code
            }
            assertThat(server.send("DELETE", "/admin/v1/users/gone", null, "wrong").status()).isEqualTo(401);
            assertThat(server.admin("DELETE", "/admin/v1/users/gone", null).status()).isEqualTo(204);
            assertThat(server.admin("GET", "/admin/v1/users/gone", null).status()).isEqualTo(404);
            assertThat(server.admin("DELETE", "/admin/v1/users/gone", null).status()).isEqualTo(404);
            assertThat(server.admin("DELETE", "/admin/v1/users/nobody", null).status()).isEqualTo(404);
            for (String table : OWNED) {
                assertThat(count(server, table, "gone")).as(table).isZero();
            }
            assertThat(count(server, "devices", "kept")).isEqualTo(1);
            assertThat(count(server, "activation_codes", "kept")).isPositive();
            assertThat(server.user("kept").get("devices")).hasSize(1);
            // the login can be created again from scratch
            server.createUser("gone");
            assertThat(server.user("gone").get("devices")).isEmpty();
        }
    }

    private static long count(TestServer server, String table, String login) {
        return server.server().database().inTransaction(sql -> sql.count("SELECT COUNT(*) FROM " + table
                + " WHERE login = ?", login));
    }
}
