package dev.pims.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.nio.file.Path;
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
 * Crash safety of a real {@code pims server} process: load (devices activating and doing OTP cycles, each
 * OTP verified), {@code kill -9} in the middle of it, restart on the same data, then: every activation the
 * client saw complete works; every cut activation is either usable or cleanly refused, and a new code
 * re-activates the account; pending (AWAITING_SECRET) devices do not count against the limits; the
 * activation counter matches the devices that became active; no OTP verified before the crash verifies
 * again, and an OTP whose verification was in flight verifies at most once. Runs on the embedded store and,
 * with {@value TestStores#ENV_URL}, on PostgreSQL ({@code --db}).
 */
class CrashSafetyTest {
    private static final String PIN = "2580";
    private static final int WORKERS = 6;

    record Dev(String login, TestDevice device) { }

    record Issued(String login, String otp) { }

    @ParameterizedTest(name = "store {0}")
    @ValueSource(strings = {"h2", "postgres"})
    void killDashNineMidLoadLosesNoActivationAndReplaysNoOtp(String store, @TempDir Path dir) throws Exception {
        ServerProcess.Data.with(store, dir, this::run);
    }

    private void run(ServerProcess.Data data) throws Exception {
        ServerProcess first = ServerProcess.start(data);
        TestServer client = TestServer.client(first.baseUrl);
        Queue<Dev> completed = new ConcurrentLinkedQueue<>();
        Queue<Dev> cut = new ConcurrentLinkedQueue<>();
        Queue<Issued> verified = new ConcurrentLinkedQueue<>();
        Queue<Issued> unsure = new ConcurrentLinkedQueue<>();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger users = new AtomicInteger();
        Dev halfMade;
        try (first) {
            // a device left between activation steps 2 and 3 on a one-device integration
            client.createIntegration("{\"macid\":\"crash\",\"maxDevices\":1}");
            client.createUser("halfmade");
            TestDevice h = new TestDevice(client, "crash");
            assertThat(h.activateWithoutMs(client.activationCode("halfmade", "crash"), PIN)).isEqualTo("OK");
            halfMade = new Dev("halfmade", h);

            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            for (int w = 0; w < WORKERS; w++) {
                // half the workers activate a new device after each OTP, the others keep cycling one device
                int cycles = w % 2 == 0 ? 1 : Integer.MAX_VALUE;
                pool.submit(() -> {
                    while (!killed.get()) {
                        String login = "load" + users.incrementAndGet();
                        TestDevice d = null;
                        Issued pending = null;
                        try {
                            client.createUser(login);
                            String code = client.activationCode(login, "default");
                            d = new TestDevice(client, "default");
                            String r = d.activate(code, PIN);
                            if (!r.equals("OK")) {
                                throw new AssertionError("activation refused: " + r);
                            }
                            completed.add(new Dev(login, d));
                            for (int cycle = 0; cycle < cycles && !killed.get(); cycle++) {
                                String otp = d.otp(PIN);
                                if (otp.startsWith("NOK")) {
                                    throw new AssertionError("otp refused: " + otp);
                                }
                                pending = new Issued(login, otp);
                                String result = client.verify(login, otp, true).get("result").asText();
                                if (!result.equals("OK")) {
                                    throw new AssertionError("verification refused: " + result);
                                }
                                verified.add(pending);
                                pending = null;
                            }
                        } catch (RuntimeException | AssertionError e) {
                            if (!killed.get()) {
                                unexpected.add(e);
                                return;
                            }
                            // the server died under this request
                            if (d != null && !completed.contains(new Dev(login, d))) {
                                cut.add(new Dev(login, d));
                            }
                            if (pending != null) {
                                unsure.add(pending);
                            }
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((verified.size() < 20 || completed.size() < 8) && System.nanoTime() < deadline
                    && unexpected.isEmpty()) {
                Thread.sleep(20);
            }
            killed.set(true);
            first.kill();
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(unexpected).as("failures before the crash").isEmpty();
        assertThat(verified).as("load before the crash").hasSizeGreaterThanOrEqualTo(10);
        System.out.printf("crash (%s): %d accounts, %d activations completed, %d cut, %d OTPs verified, %d in flight%n",
                data.store(), users.get(), completed.size(), cut.size(), verified.size(),
                unsure.size());

        try (ServerProcess second = first.restart()) {
            client.pointAt(second.baseUrl);
            // no OTP verifies twice: those verified before the crash are spent
            for (Issued i : verified) {
                assertThat(client.verify(i.login(), i.otp(), true).get("result").asText())
                        .as("replay of an OTP verified before the crash").isEqualTo("NOK");
            }
            // an OTP whose verification the crash interrupted verifies at most once
            for (Issued i : unsure) {
                client.verify(i.login(), i.otp(), true);
                assertThat(client.verify(i.login(), i.otp(), true).get("result").asText()).isEqualTo("NOK");
            }
            // every activation the client saw complete works (the K1 ratchet recovers a lost OTP answer)
            for (Dev dev : completed) {
                String otp = dev.device().otp(PIN);
                assertThat(otp).as("device of %s after the crash", dev.login()).doesNotStartWith("NOK");
                assertThat(client.verify(dev.login(), otp, true).get("result").asText()).isEqualTo("OK");
            }
            // a cut activation: either usable (its last step had committed) or cleanly refused; a new code works
            for (Dev dev : cut) {
                if (dev.device().hasPendingMs()) {
                    String ms = dev.device().completeMs(PIN);
                    assertThat(ms).isIn("OK", "NOK:STATE", "NOK:TIMEOUT");
                    if (ms.equals("OK")) {
                        String otp = dev.device().otp(PIN);
                        assertThat(client.verify(dev.login(), otp, true).get("result").asText()).isEqualTo("OK");
                        continue;
                    }
                }
                TestDevice again = new TestDevice(client, "default");
                assertThat(again.activate(client.activationCode(dev.login(), "default"), PIN)).isEqualTo("OK");
                assertThat(client.verify(dev.login(), again.otp(PIN), true).get("result").asText()).isEqualTo("OK");
            }
            // pending devices never count: the half-made account re-activates within maxDevices = 1 ...
            TestDevice replacement = new TestDevice(client, "crash");
            assertThat(replacement.activate(client.activationCode("halfmade", "crash"), PIN)).isEqualTo("OK");
            // ... and the old pending device, completed late, is refused cleanly by the limit
            String late = halfMade.device().completeMs(PIN);
            assertThat(late).as("late ms step: %s %s", client.user("halfmade"),
                    client.admin("GET", "/admin/v1/audit?login=halfmade", null).body()).isEqualTo("NOK:MAXNBTOOLS");
            // no half-made state: the activation counter matches the devices that became active
            for (int u = 1; u <= users.get(); u++) {
                checkAccount("load" + u, client);
            }
            checkAccount("halfmade", client);
            assertThat(client.user("halfmade").get("activations").asInt()).isEqualTo(1);
        }
    }

    private static void checkAccount(String login, TestServer client) {
        TestServer.Response r = client.admin("GET", "/admin/v1/users/" + login, null);
        if (r.status() == 404) {
            return; // the crash came before this account was created
        }
        JsonNode user = r.json();
        int active = 0;
        for (JsonNode d : user.get("devices")) {
            String state = d.get("state").asText();
            assertThat(state).isIn("Active", "AwaitingSecret");
            active += state.equals("Active") ? 1 : 0;
        }
        assertThat(user.get("activations").asInt()).as("activations of %s", login).isEqualTo(active);
        assertThat(user.get("state").asText()).isEqualTo("NotBlocked");
        assertThat(user.get("pinErrors").asInt()).isZero();
    }
}
