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
        assertThat(enroll.exit).as(enroll.err).isZero();
        assertThat(enroll.out).startsWith("enrolled: this machine is a device of cli");
        assertThat(enroll.out + enroll.err).doesNotContain("2580").doesNotContain(code);

        // the OTP alone on stdout: what a script captures with $(./pims device otp ...)
        Run withPin = run(concat(new String[] {"device", "otp", "--with-pin", "2580"}, common));
        assertThat(withPin.exit).as(withPin.err).isZero();
        assertThat(withPin.out).matches("[a-z0-9]+\\R");
        JsonNode v = server.verify("cli", withPin.out.strip(), true);
        assertThat(v.get("result").asText()).isEqualTo("OK");
        assertThat(v.get("pinVerified").asBoolean()).isTrue();

        Run pinless = run(concat(new String[] {"device", "otp", "--json"}, common));
        assertThat(pinless.exit).as(pinless.err).isZero();
        assertThat(pinless.out).contains("\"status\":\"SUCCEEDED\"").contains("\"transactionId\"");
        assertThat(server.verify("cli", otp(pinless.out), false).get("pinVerified").asBoolean()).isFalse();

        Run verbose = run(concat(new String[] {"device", "otp", "--verbose"}, common));
        assertThat(verbose.out).matches("[a-z0-9]+\\R");
        assertThat(verbose.err).contains("-> get pims.authentication.otp").contains("\"password\":\"***\"")
                .doesNotContain("cli-password");

        Run wrong = run(concat(new String[] {"device", "otp", "--with-pin", "0000"}, common));
        assertThat(wrong.exit).isEqualTo(1);
        assertThat(wrong.out).isEmpty();
        assertThat(wrong.err).contains("pims device otp: OTP failed: 2308 \"inwebo: access refused\": the server"
                + " refused: wrong PIN");

        Run status = run(concat(new String[] {"device", "status"}, common));
        assertThat(status.exit).isZero();
        assertThat(status.out).contains("device activated: true").contains("trusted phone: +33611111111");

        Run badLogin = run(new String[] {"device", "status", "--url", server.baseUrl(), "--user", "cli",
            "--password", "wrong", "--storage", storage.toString()});
        assertThat(badLogin.exit).isEqualTo(1);
        assertThat(badLogin.err).contains("login as cli failed: 2301").contains("wrong user or password");
    }

    @Test
    void enrollWithClosedStdinSaysSo(@TempDir Path storage) {
        assertThat(server.admin("POST", "/admin/v1/users",
                "{\"login\":\"cli-stdin\",\"password\":\"pw-stdin\",\"phoneNumber\":\"+33 6 11 11 22 22\"}").status())
                .isEqualTo(201);
        java.io.InputStream original = System.in;
        Run enroll;
        try {
            System.setIn(new java.io.ByteArrayInputStream(new byte[0]));
            enroll = run(new String[] {"device", "enroll", "--pin", "2580", "--url", server.baseUrl(), "--user",
                "cli-stdin", "--password", "pw-stdin", "--storage", storage.toString()});
        } finally {
            System.setIn(original);
        }
        assertThat(enroll.exit).isEqualTo(1);
        // the prompt says where the code went and where a development server keeps it
        assertThat(enroll.err).contains("sent by SMS to +33611112222").contains("/admin/v1/sms-outbox")
                .contains("pims device enroll: no code: standard input is closed; give the code with --sms-code");
    }

    @Test
    void aCommandLineMistakeIsOneLineAndExit2() {
        Run badPort = run(new String[] {"server", "--port", "eighty"});
        assertThat(badPort.exit).isEqualTo(2);
        assertThat(badPort.err.strip()).doesNotContain("\n")
                .startsWith("pims server: Invalid value for option '--port': 'eighty' is not an int")
                .endsWith("(see ./pims server --help)");
        Run unknown = run(new String[] {"device", "otp", "--url", "http://127.0.0.1:1", "--user", "u", "--frobnicate"});
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err.strip()).doesNotContain("\n").contains("Unknown option: '--frobnicate'");
    }

    @Test
    void withoutArgumentsPimsPrintsItsUsageAndExits2() {
        Run none = run(new String[0]);
        assertThat(none.exit).isEqualTo(2);
        assertThat(none.err).contains("Usage: pims").contains("server").contains("device");
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs the command in this JVM with stdout and stderr captured. */
    static Run run(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            exit = PimsCommand.commandLine().execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
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
