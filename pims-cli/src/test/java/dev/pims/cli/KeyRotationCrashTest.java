package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Master key rotation of a real {@code pims server} process (key in {@code DATA/master.key}) under load, with
 * {@code kill -9} while the rotation runs: after the restart every device still works, the rotation resumes and
 * ends with every secret under the new key, {@code master.key} holds the new key and {@code master.key.previous}
 * is gone. Runs on the embedded store and, with {@value TestStores#ENV_URL}, on PostgreSQL.
 */
class KeyRotationCrashTest {
    private static final String PIN = "1357";
    private static final String NEW_KEY = "7a0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e7a";

    record Dev(String login, TestDevice device) { }

    @ParameterizedTest(name = "store {0}")
    @ValueSource(strings = {"h2", "postgres"})
    void killDashNineDuringARotationUnderLoad(String store, @TempDir Path dir) throws Exception {
        ServerProcess.Data.with(store, dir, this::run);
    }

    private void run(ServerProcess.Data data) throws Exception {
        Path dir = data.dir();
        ServerProcess first = ServerProcess.start(data);
        TestServer client = TestServer.client(first.baseUrl);
        List<Dev> devices = new ArrayList<>();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger cycles = new AtomicInteger();
        String oldKey = Files.readString(dir.resolve("data/master.key")).strip();
        try (first) {
            for (int i = 0; i < 24; i++) {
                client.createUser("rot" + i);
                TestDevice d = new TestDevice(client, "default");
                assertThat(d.activate(client.activationCode("rot" + i, "default"), PIN)).isEqualTo("OK");
                devices.add(new Dev("rot" + i, d));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int worker = w;
                pool.submit(() -> {
                    for (int i = worker; !killed.get(); i += 4) {
                        Dev dev = devices.get(i % devices.size());
                        try {
                            String otp = dev.device().otp(PIN);
                            if (!otp.startsWith("NOK")) {
                                String r = client.verify(dev.login(), otp, true).get("result").asText();
                                if (!r.equals("OK") && !killed.get()) {
                                    unexpected.add(new AssertionError(dev.login() + ": " + r));
                                }
                                cycles.incrementAndGet();
                            } else if (!otp.equals("NOK:FORBIDDEN") && !killed.get()) {
                                unexpected.add(new AssertionError(dev.login() + ": " + otp));
                            }
                        } catch (RuntimeException e) {
                            if (!killed.get()) {
                                unexpected.add(e);
                            }
                        }
                    }
                });
            }
            Thread.sleep(500);
            TestServer.Response started = client.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEW_KEY + "\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            Thread.sleep(150); // the re-seal is under way (or, on a fast machine, already over)
            killed.set(true);
            first.kill();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected).as("failures before the crash").isEmpty();
        assertThat(Files.readString(dir.resolve("data/master.key")).strip()).as("new key written before 202")
                .isNotEqualTo(oldKey);

        ServerProcess second = first.restart();
        try (second) {
            client.pointAt(second.baseUrl);
            JsonNode status = null;
            for (int i = 0; i < 240; i++) {
                status = client.admin("GET", "/admin/v1/keys", null).json();
                if (!status.get("rotating").asBoolean()) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(status.get("rotating").asBoolean()).as("rotation resumed and finished: %s", status).isFalse();
            List<String> ids = new ArrayList<>();
            status.get("values").fieldNames().forEachRemaining(ids::add);
            assertThat(ids).containsExactly(status.get("current").asText());
            assertThat(dir.resolve("data/master.key.previous")).doesNotExist();
            for (Dev dev : devices) {
                String otp = dev.device().otp(PIN);
                if (otp.equals("NOK:FORBIDDEN")) {
                    continue; // the per-device OTP limit of the load phase
                }
                assertThat(otp).as("device of %s after the crash", dev.login()).doesNotStartWith("NOK");
                assertThat(client.verify(dev.login(), otp, true).get("result").asText()).isEqualTo("OK");
            }
            System.out.printf("rotation crash (%s): %d cycles before the kill%n", data.store(), cycles.get());
        }
        // and a third start, with only the new key on disk, reads everything
        try (ServerProcess third = second.restart()) {
            client.pointAt(third.baseUrl);
            assertThat(client.user("rot0").get("devices").get(0).get("state").asText()).isEqualTo("Active");
        }
    }
}
