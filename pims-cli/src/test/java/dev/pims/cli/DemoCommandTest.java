package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pims demo} end to end: embedded server, the facade's whole journey, verification. */
class DemoCommandTest {

    @Test
    void theWholeJourneySucceeds(@TempDir Path dir) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = PimsCommand.commandLine().execute("demo", "--data", dir.toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("\"isDeviceActivated\":true")
                .contains("\"result\":\"OK\",\"pinVerified\":true")
                .contains("\"result\":\"OK\",\"pinVerified\":false")
                .contains("\"reason\":\"pin_required\"")
                .contains("{\"code\":2308,\"label\":\"inwebo: access refused\"}")
                .contains("# Done: every step behaved as documented.")
                // expected refusals say so, and the demo ends with what to do next
                .contains("(expected refusal: a new account has no trusted phone yet (2307)")
                .contains("(expected refusal: the PIN is wrong (2308)")
                .contains("# Next: a server of your own").contains("./pims server --dev");
        // secrets typed by the user are masked in the printed calls
        assertThat(out).doesNotContain("\"pinCode\":\"1234\"").doesNotContain("\"password\":\"pw-");
        // the device state was kept under --data, without the PIN
        assertThat(dir.resolve("device")).isDirectory();
        assertThat(Files.exists(dir.resolve("server"))).isTrue();
    }
}
