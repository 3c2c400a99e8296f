package dev.pims.cli;

import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code pims server} in its own JVM, built from this module's class path, on {@link Data}: started (it has
 * started when it prints {@code listening on URL}), killed with {@code kill -9} ({@link #close()} too), and
 * started again on the same data. The admin token is {@link TestServer#ADMIN_TOKEN}; the master key is generated
 * into {@code DATA/master.key} at the first start and read there at the next ones.
 */
final class ServerProcess implements AutoCloseable {
    private static final String LISTENING = "listening on ";
    private final Data data;
    private final int run;
    private final Process process;
    final String baseUrl;

    /**
     * What a server process runs on: the data directory {@code DIR/data}, and the embedded store in it or, with
     * {@code dbUrl}, a PostgreSQL database (dropped by {@link #close()}). Each start logs to {@code DIR/server-N.log}.
     */
    record Data(Path dir, String dbUrl) implements AutoCloseable {
        /** What a test does with its data (starts servers on it, kills them, checks what survived). */
        interface Use {
            void accept(Data data) throws Exception;
        }

        /** {@code store}: {@code h2}, or {@code postgres} for a fresh database ({@value TestStores#ENV_URL}). */
        static Data of(String store, Path dir) {
            return new Data(dir, store.equals("postgres") ? TestStores.createDatabase() : null);
        }

        /** {@code use} on the data of {@code store} under {@code dir}; a PostgreSQL database is dropped after. */
        static void with(String store, Path dir, Use use) throws Exception {
            try (Data data = of(store, dir)) {
                use.accept(data);
            }
        }

        String store() {
            return dbUrl == null ? "h2" : "postgres";
        }

        @Override
        public void close() {
            if (dbUrl != null) {
                TestStores.dropDatabase(dbUrl);
            }
        }
    }

    private ServerProcess(Data data, int run, Process process, String baseUrl) {
        this.data = data;
        this.run = run;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts a server on {@code data} and waits (60 s at most) until it listens. */
    static ServerProcess start(Data data) throws Exception {
        return start(data, 1);
    }

    private static ServerProcess start(Data data, int run) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                PimsCommand.class.getName(), "server", "--port", "0", "--host", "127.0.0.1",
                "--data", data.dir().resolve("data").toString()));
        if (data.dbUrl() != null) {
            cmd.add("--db");
            cmd.add(data.dbUrl());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PIMS_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        pb.environment().remove("PIMS_MASTER_KEY");
        Path log = data.dir().resolve("server-" + run + ".log");
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        String url = listeningUrl(p);
        if (url == null) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("pims server did not start: " + Files.readString(log));
        }
        return new ServerProcess(data, run, p, url);
    }

    /** The URL of the {@code listening on} line, or null when none came within 60 s. */
    private static String listeningUrl(Process p) {
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LISTENING)) {
                        return line.substring(LISTENING.length()).strip();
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return listening.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    /** kill -9 (if still running), then a new server on the same data. */
    ServerProcess restart() throws Exception {
        kill();
        return start(data, run + 1);
    }

    /** kill -9: no shutdown hook, no connection pool close, no flush. */
    void kill() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
