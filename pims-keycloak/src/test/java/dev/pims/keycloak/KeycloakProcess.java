package dev.pims.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak from the distribution Maven unpacked under target/: the provider jar copied into
 * {@code providers/}, a realm imported from the test's JSON, a file vault, {@code kc.sh start-dev} on free
 * ports. Its data folder is wiped first, so every run imports the realm afresh.
 */
final class KeycloakProcess implements AutoCloseable {
    static final String ADMIN = "kc-admin";
    static final String ADMIN_PASSWORD = "kc-admin-password-for-tests";
    private static final Duration START_LIMIT = Duration.ofMinutes(8);
    final int port = PimsSide.freePort();
    final Path log;
    final Duration startup;
    private final Path vaultDir;
    private final Process process;
    /** Stops Keycloak when the test JVM ends without {@link #close()} (a killed or timed-out run). */
    private final Thread orphanGuard;

    /**
     * Starts Keycloak and waits until {@code realm} answers. {@code vault} maps vault entry names of that
     * realm to their values.
     */
    KeycloakProcess(Path home, Path provider, Path work, String realm, String realmJson, Map<String, String> vault)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        deleteTree(home.resolve("data"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.writeString(imports.resolve(realm + "-realm.json"), realmJson);
        Files.copy(provider, home.resolve("providers/pims-keycloak.jar"), StandardCopyOption.REPLACE_EXISTING);
        vaultDir = work.resolve("vault");
        deleteTree(vaultDir);
        Files.createDirectories(vaultDir);
        for (Map.Entry<String, String> e : vault.entrySet()) {
            putVaultEntry(realm, e.getKey(), e.getValue());
        }
        log = work.resolve("keycloak.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + PimsSide.freePort(),
                "--import-realm", "--vault=file", "--vault-dir=" + vaultDir,
                "--log-level=INFO,org.keycloak.events:DEBUG,dev.pims:DEBUG"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // a small heap: the machine is shared
        pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        long start = System.nanoTime();
        process = pb.start();
        orphanGuard = new Thread(this::stopProcess, "keycloak-stop");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
        try {
            awaitRealm(realm);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            close();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - start);
    }

    /** An entry of the file vault for {@code realm}; the file vault reads it when a setting names it. */
    void putVaultEntry(String realm, String entry, String value) throws IOException {
        // the file vault's naming: <realm>_<entry>, underscores doubled
        Files.writeString(vaultDir.resolve(realm.replace("_", "__") + "_" + entry.replace("_", "__")), value);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitRealm(String realm) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/" + realm
                + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Keycloak exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Keycloak did not serve realm " + realm + " within " + START_LIMIT + ":\n" + tail());
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        String all = logText();
        return all.substring(Math.max(0, all.length() - 6000));
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        stopProcess();
    }

    private void stopProcess() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
