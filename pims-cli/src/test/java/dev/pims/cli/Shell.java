package dev.pims.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs shell commands as a reader of the docs types them, in a working directory whose {@code ./pims} runs this
 * module's classes ({@code java -cp <test class path> dev.pims.cli.PimsCommand}: the same {@code main} as the
 * runnable jar, without building it during the test phase).
 */
final class Shell {
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```sh\\n(.*?)^```");
    final Path dir;

    Shell(Path dir) throws IOException {
        this.dir = dir;
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path pims = dir.resolve("pims");
        // the runnable jar's own logging configuration (logback.xml of this module), not the tests'
        Path logback = Path.of("target/classes/logback.xml").toAbsolutePath();
        Files.writeString(pims, "#!/usr/bin/env bash\nexec '" + java + "' -Xmx256m -XX:+UseSerialGC"
                + " -XX:TieredStopAtLevel=1 -Dlogback.configurationFile='" + logback + "' -cp '"
                + System.getProperty("java.class.path") + "' "
                + PimsCommand.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(pims, PosixFilePermissions.fromString("rwx------"));
    }

    /** The {@code ```sh} blocks of a Markdown file, in order. */
    static List<String> shBlocks(Path markdown) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(Files.readString(markdown));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    record Result(int exit, String out, String err) { }

    /** Runs {@code script} with {@code bash -e}; kills what it left running when it ends (or times out). */
    Result run(String script, Map<String, String> env, int timeoutSeconds) throws Exception {
        Path file = dir.resolve("script-" + System.nanoTime() + ".sh");
        // the harness around the page: stop on the first failing command, and leave no server behind
        Files.writeString(file, "set -eo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PIMS_"));
        pb.environment().putAll(env);
        Path out = dir.resolve(file.getFileName() + ".out");
        Path err = dir.resolve(file.getFileName() + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        boolean ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
        }
        return new Result(ended ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static boolean has(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
