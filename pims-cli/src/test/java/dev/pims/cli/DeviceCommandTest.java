package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pims device enroll|otp|status} against a running server, as a user would run them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceCommandTest {
    private static final Pattern OTP = Pattern.compile("\"otp\":\"([a-z0-9]+)\"");
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Files.createTempDirectory("pims-cli-device"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void enrollThenOtpsWithAndWithoutPinThenStatus(@TempDir Path storage) {
        assertThat(server.admin("POST", "/admin/v1/users",
                "{\"login\":\"cli\",\"password\":\"cli-password\",\"phoneNumber\":\"+33611111111\"}").status())
                .isEqualTo(201);
        String code = server.activationCode("cli", "default");
        String[] common = {"--url", server.baseUrl(), "--user", "cli", "--password", "cli-password",
            "--storage", storage.toString()};

        Run enroll = run(concat(new String[] {"device", "enroll", "--pin", "2580", "--sms-code", code}, common));
        assertThat(enroll.exit).as(enroll.out).isZero();
        assertThat(enroll.out).contains("\"status\":\"NotEnrolled\"").doesNotContain("2580").doesNotContain(code);

        Run withPin = run(concat(new String[] {"device", "otp", "--with-pin", "2580"}, common));
        assertThat(withPin.exit).as(withPin.out).isZero();
        JsonNode v = server.verify("cli", otp(withPin.out), true);
        assertThat(v.get("result").asText()).isEqualTo("OK");
        assertThat(v.get("pinVerified").asBoolean()).isTrue();

        Run pinless = run(concat(new String[] {"device", "otp"}, common));
        assertThat(pinless.exit).as(pinless.out).isZero();
        assertThat(server.verify("cli", otp(pinless.out), false).get("pinVerified").asBoolean()).isFalse();

        Run wrong = run(concat(new String[] {"device", "otp", "--with-pin", "0000"}, common));
        assertThat(wrong.exit).isEqualTo(1);
        assertThat(wrong.out).contains("\"code\":2308");

        Run status = run(concat(new String[] {"device", "status"}, common));
        assertThat(status.exit).isZero();
        assertThat(status.out).contains("\"isDeviceActivated\":true").contains("\"phoneNumber\":\"+33611111111\"");

        Run badLogin = run(new String[] {"device", "status", "--url", server.baseUrl(), "--user", "cli",
            "--password", "wrong", "--storage", storage.toString()});
        assertThat(badLogin.exit).isEqualTo(1);
        assertThat(badLogin.out).contains("\"code\":2301");
    }

    private record Run(int exit, String out) {
    }

    private static Run run(String[] args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new PimsCommand()).execute(args);
        } finally {
            System.setOut(original);
        }
        return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    }

    private static String otp(String out) {
        Matcher m = OTP.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
