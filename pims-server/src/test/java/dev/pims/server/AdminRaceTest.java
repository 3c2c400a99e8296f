package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lock order (issue 7 item 4), administrator's side: 64 concurrent tasks on one account, on both stores. 16
 * devices run OTP cycles (setup, finalize, verification) while 48 administrator requests block and unblock the
 * account, disable and enable devices and remove some. Whatever interleaving happens: no 5xx, no NOK:STATE from
 * the race, no deadlock in PostgreSQL's statistics; every answer is one the documented states explain.
 */
class AdminRaceTest {
    private static final int DEVICES = 16;
    private static final int CYCLES = 3;
    private static final Set<String> DEVICE_REFUSALS = Set.of("NOK:BLOCKED", "NOK:NODEVICE");
    private static final Set<String> VERIFY_ANSWERS = Set.of("OK", "account_blocked", "device_not_active");
    @TempDir
    Path dir;

    private static long deadlocks(TestServer s) {
        if (TestStores.current() != TestStores.Store.POSTGRES) {
            return 0;
        }
        return s.server().database().inTransaction(sql -> sql.count(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
    }

    @Test
    void adminBlockDisableAndRemovalRacingOtpCycles() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            assertThat(s.admin("PUT", "/admin/v1/integrations/default/policy",
                    "{\"maxDevices\":32,\"maxActivations\":64,\"otpPerDevicePerMinute\":0,\"otpPerDevicePerHour\":0}")
                    .status()).isEqualTo(200);
            s.createUser("race");
            List<TestDevice> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                TestDevice d = new TestDevice(s, "default");
                assertThat(d.activate(s.activationCode("race", "default"), "8642")).isEqualTo("OK");
                devices.add(d);
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode d : s.user("race").get("devices")) {
                ids.add(d.get("id").asText());
            }
            assertThat(ids).hasSize(DEVICES);
            long deadlocksBefore = deadlocks(s);

            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<?>> tasks = new ArrayList<>();
            for (TestDevice d : devices) {
                tasks.add(pool.submit(() -> {
                    go.await();
                    for (int c = 0; c < CYCLES; c++) {
                        String otp = d.otp("8642");
                        if (otp.startsWith("NOK")) {
                            if (!DEVICE_REFUSALS.contains(otp)) {
                                problems.add("device answered " + otp);
                            }
                            continue;
                        }
                        TestServer.Response v = s.send("POST", "/api/v1/otp/verify",
                                "{\"login\":\"race\",\"otp\":\"" + otp + "\"}", TestServer.ADMIN_TOKEN);
                        String answer = v.status() == 200 ? v.json().has("reason") ? v.json().get("reason").asText()
                                : v.json().get("result").asText() : "HTTP " + v.status();
                        if (!VERIFY_ANSWERS.contains(answer)) {
                            problems.add("verification answered " + answer);
                        }
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 48; i++) {
                int n = i;
                tasks.add(pool.submit(() -> {
                    go.await();
                    String id = ids.get(n % DEVICES);
                    List<String[]> calls = switch (n % 3) {
                        case 0 -> List.of(new String[] {"POST", "/admin/v1/users/race/block"},
                                new String[] {"POST", "/admin/v1/users/race/unblock"});
                        case 1 -> List.of(new String[] {"POST", "/admin/v1/users/race/devices/" + id + "/disable"},
                                new String[] {"POST", "/admin/v1/users/race/devices/" + id + "/enable"});
                        default -> n % 12 == 2 ? List.<String[]>of(new String[] {"DELETE", "/admin/v1/users/race/devices/" + id})
                                : List.<String[]>of(new String[] {"GET", "/admin/v1/users/race/limits"});
                    };
                    for (String[] call : calls) {
                        int status = s.admin(call[0], call[1], null).status();
                        if (status >= 500 || (status != 200 && status != 409)) {
                            problems.add(call[0] + " " + call[1] + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : tasks) {
                f.get();
            }
            pool.shutdown();
            assertThat(problems).isEmpty();
            Thread.sleep(1500); // PostgreSQL publishes its statistics asynchronously
            assertThat(deadlocks(s)).as("deadlocks in pg_stat_database").isEqualTo(deadlocksBefore);
            // the account and the surviving devices still work once the administrator is done
            s.admin("POST", "/admin/v1/users/race/unblock", null);
            for (String id : ids) {
                s.admin("POST", "/admin/v1/users/race/devices/" + id + "/enable", null);
            }
            int working = 0;
            for (TestDevice d : devices) {
                String otp = d.otp("8642");
                if (!otp.startsWith("NOK")) {
                    assertThat(s.verify("race", otp, true).get("result").asText()).isEqualTo("OK");
                    working++;
                } else {
                    assertThat(otp).isEqualTo("NOK:NODEVICE"); // removed
                }
            }
            assertThat(working).isEqualTo(DEVICES - 4); // n % 12 == 2 for n < 48: four removals
        }
    }
}
