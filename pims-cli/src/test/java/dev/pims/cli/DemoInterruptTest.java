package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during {@code pims demo}: the temporary directory (with a master key in it) is gone afterwards. */
class DemoInterruptTest {
    @Test
    void interruptedDemoLeavesNoTemporaryDirectory(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), PimsCommand.class.getName(), "demo"))
                .redirectError(tmp.resolve("demo.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("# embedded development server listening")) {
                // wait until the server runs and its data (master.key included) exists
            }
            assertThat(line).isNotNull();
            try (Stream<Path> dirs = Files.list(tmp)) {
                Path demo = dirs.filter(d -> d.getFileName().toString().startsWith("pims-demo")).findFirst().orElseThrow();
                assertThat(demo.resolve("server/master.key")).exists();
            }
            // what Ctrl-C sends
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.filter(d -> d.getFileName().toString().startsWith("pims-demo")).toList()).isEmpty();
        }
    }
}
