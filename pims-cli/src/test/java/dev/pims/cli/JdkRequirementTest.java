package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's minimum JDK (21) is true: no class the runnable jar is made of (this module's run-time class
 * path: our modules and every library) needs a newer JVM than 21 (class file major version 65), except in a
 * multi-release jar's {@code META-INF/versions/N} for N > 21, which a JDK 21 ignores; the scripts pass the JVM
 * options only newer JDKs know ({@code --sun-misc-unsafe-memory-access}) only to the JDKs that accept them.
 */
class JdkRequirementTest {
    private static final int JAVA_21 = 65;
    private static final Pattern VERSIONED = Pattern.compile("META-INF/versions/(\\d+)/.*");

    @Test
    void everyClassOnTheClassPathRunsOnJdk21() throws IOException {
        List<String> tooNew = new ArrayList<>();
        int classes = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.contains("test-classes") || entry.contains("surefire") || entry.contains("junit")
                    || entry.contains("assertj") || entry.contains("opentest4j") || entry.contains("byte-buddy")
                    || entry.contains("apiguardian")) {
                continue; // test tooling: not in the runnable jar
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        classes++;
                        try (InputStream in = Files.newInputStream(f)) {
                            check(in, f.toString(), tooNew);
                        }
                    }
                }
            } else if (entry.endsWith(".jar") && Files.exists(p)) {
                try (JarFile jar = new JarFile(p.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        JarEntry je = e.nextElement();
                        if (!je.getName().endsWith(".class") || je.getName().endsWith("module-info.class")) {
                            continue;
                        }
                        Matcher v = VERSIONED.matcher(je.getName());
                        if (v.matches() && Integer.parseInt(v.group(1)) > 21) {
                            continue;
                        }
                        classes++;
                        try (InputStream in = jar.getInputStream(je)) {
                            check(in, p.getFileName() + "!" + je.getName(), tooNew);
                        }
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(10_000);
        assertThat(tooNew).as("classes that need a JDK newer than 21").isEmpty();
    }

    private static void check(InputStream in, String name, List<String> tooNew) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            return;
        }
        data.readUnsignedShort(); // minor
        int major = data.readUnsignedShort();
        if (major > JAVA_21) {
            tooNew.add(name + " (class file " + major + ")");
        }
    }

    @Test
    void newerJvmOptionsGoOnlyToJdksThatAcceptThem() throws Exception {
        assumeTrue(Shell.has("bash"), "bash is not installed");
        Path script = Path.of("../.mvn/select-jdk.sh").toAbsolutePath();
        assertThat(Path.of("../.mvn/jvm.config")).as("every JDK would get its options").doesNotExist();
        assertThat(Files.readString(Path.of("../mvnw"))).contains("pims_newer_jvm_options");
        assertThat(Files.readString(Path.of("../pims"))).contains("$(pims_newer_jvm_options)");
        int checked = 0;
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path home : jdks.filter(h -> Files.isExecutable(h.resolve("bin/java"))).toList()) {
                Process v = new ProcessBuilder(home.resolve("bin/java").toString(),
                        "--sun-misc-unsafe-memory-access=allow", "-version").redirectErrorStream(true).start();
                v.getInputStream().readAllBytes();
                boolean accepts = v.waitFor() == 0;
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". '" + script + "'; pims_newer_jvm_options");
                pb.environment().put("JAVA_HOME", home.toString());
                Process q = pb.redirectErrorStream(true).start();
                String out = new String(q.getInputStream().readAllBytes()).strip();
                assertThat(q.waitFor()).isZero();
                assertThat(out).as(home.toString()).isEqualTo(accepts ? "--sun-misc-unsafe-memory-access=allow" : "");
                checked++;
            }
        }
        assumeTrue(checked > 0, "no JDK under /usr/lib/jvm");
    }
}
