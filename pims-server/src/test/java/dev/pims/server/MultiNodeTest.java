package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two server nodes on one store behave as one server: state lives in the database only, and every counter
 * or single-use value is changed under a row lock or by a compare-and-set UPDATE. Runs on H2 (two nodes in
 * one JVM share the embedded database) and on PostgreSQL, like every test built on {@link TestServer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiNodeTest {
    private final AtomicInteger users = new AtomicInteger();
    private TestServer a;
    private TestServer b;
    private List<TestServer> nodes;

    @BeforeAll
    void start() throws Exception {
        a = new TestServer(Files.createTempDirectory("pims-nodes"));
        b = a.newNode();
        nodes = List.of(a, b);
    }

    @AfterAll
    void stop() {
        b.close();
        a.close();
    }

    private String newUser() {
        String login = "node-user" + users.incrementAndGet();
        a.createUser(login);
        return login;
    }

    /** A device activated with its three steps spread over the nodes. */
    private TestDevice activated(String login, String macid, String pin) {
        TestDevice d = new TestDevice(nodes, macid);
        assertThat(d.activate(a.activationCode(login, macid), pin)).isEqualTo("OK");
        return d;
    }

    private static <T> List<T> inParallel(int threads, List<Callable<T>> tasks) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (Callable<T> t : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return t.call();
                }));
            }
            go.countDown();
        }
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        return out;
    }

    private static Map<String, Long> histogram(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void challengesAndOtpsCrossNodes() {
        String login = newUser();
        TestDevice d = activated(login, "default", "1234");
        // challenge from node a, finalize on node b (and the other way round)
        TestDevice onA = new TestDevice(a, "default");
        TestDevice onB = new TestDevice(b, "default");
        for (int i = 0; i < 4; i++) {
            boolean aFirst = i % 2 == 0;
            onA.state = d.state;
            onB.state = d.state;
            String challenge = (aFirst ? onA : onB).challenge();
            TestDevice finisher = aFirst ? onB : onA;
            String otp = finisher.otpWith(challenge, "1234", true);
            assertThat(otp).doesNotStartWith("NOK");
            d.state = finisher.state;
            // issued by one node (the finalizer), verified on the other, then refused everywhere
            TestServer verifier = aFirst ? a : b;
            assertThat(verifier.verify(login, otp, true).get("result").asText()).isEqualTo("OK");
            assertThat(a.verify(login, otp, true).get("result").asText()).isEqualTo("NOK");
            assertThat(b.verify(login, otp, true).get("result").asText()).isEqualTo("NOK");
        }
        // an administrator's change made on one node is seen at once by the other
        String id = b.user(login).get("devices").get(0).get("id").asText();
        assertThat(a.admin("POST", "/admin/v1/users/" + login + "/devices/" + id + "/disable", null).status())
                .isEqualTo(200);
        onB.state = d.state;
        assertThat(onB.otp("1234")).isEqualTo("NOK:NODEVICE");
    }

    @Test
    void anOtpVerifiesExactlyOnceUnder64ParallelVerificationsOverTwoNodes() throws Exception {
        String login = newUser();
        TestDevice d = activated(login, "default", "4321");
        for (int round = 0; round < 3; round++) {
            String otp = d.otp("4321");
            List<Callable<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                TestServer node = nodes.get(i % 2);
                tasks.add(() -> node.verify(login, otp, true).get("result").asText());
            }
            Map<String, Long> results = histogram(inParallel(64, tasks));
            assertThat(results).containsEntry("OK", 1L).containsEntry("NOK", 63L);
        }
    }

    @Test
    void wrongPinsCountedExactlyUnderConcurrency() throws Exception {
        a.createIntegration("{\"macid\":\"pinrace\",\"maxPinErrors\":100,\"maxDevices\":25,\"maxActivations\":50}");
        withoutTemporaryLock("pinrace");
        String login = newUser();
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            devices.add(activated(login, "pinrace", "2468"));
        }
        assertThat(wrongPinsInParallel(devices, "0000")).isEqualTo(Map.of("NOK:ACCESS", 20L));
        JsonNode user = b.user(login);
        assertThat(user.get("pinErrors").asInt()).as("no lost update").isEqualTo(20);
        assertThat(user.get("state").asText()).isEqualTo("NotBlocked");
        // a right PIN resets the count, on any node
        assertThat(devices.get(0).otp("2468")).doesNotStartWith("NOK");
        assertThat(a.user(login).get("pinErrors").asInt()).isZero();
    }

    /** Every device takes a challenge first, then all finalize with {@code pin} at once; the answers counted. */
    private Map<String, Long> wrongPinsInParallel(List<TestDevice> devices, String pin) throws Exception {
        List<String> challenges = devices.stream().map(TestDevice::challenge).toList();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            TestDevice d = devices.get(i);
            String c = challenges.get(i);
            tasks.add(() -> d.otpWith(c, pin, true));
        }
        return histogram(inParallel(devices.size(), tasks));
    }

    /** These tests count PIN errors exactly; the temporary lock (tested below and in AbuseLimitsTest) is off. */
    private void withoutTemporaryLock(String macid) {
        assertThat(a.admin("PUT", "/admin/v1/integrations/" + macid + "/policy", "{\"pinLockAfter\":0}").status())
                .isEqualTo(200);
    }

    @Test
    void temporaryLockIsExactUnderConcurrency() throws Exception {
        a.createIntegration("{\"macid\":\"pinlock\",\"maxPinErrors\":5,\"maxDevices\":25,\"maxActivations\":50}");
        String login = newUser();
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            devices.add(activated(login, "pinlock", "1357"));
        }
        List<String> challenges = devices.stream().map(TestDevice::challenge).toList();
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            TestDevice d = devices.get(i);
            String c = challenges.get(i);
            tasks.add(() -> d.otpWith(c, "9999", true));
        }
        // the 3rd error starts the temporary lock; the later ones find the account locked and are not counted
        assertThat(histogram(inParallel(devices.size(), tasks))).isEqualTo(Map.of("NOK:ACCESS", 3L, "NOK:BLOCKED", 9L));
        JsonNode user = b.user(login);
        assertThat(user.get("pinErrors").asInt()).isEqualTo(3);
        assertThat(user.get("state").asText()).isEqualTo("NotBlocked");
        assertThat(devices.get(0).otp("1357")).isEqualTo("NOK:BLOCKED");
    }

    @Test
    void pinBlockingIsExactUnderConcurrency() throws Exception {
        a.createIntegration("{\"macid\":\"pinblock\",\"maxPinErrors\":5,\"maxDevices\":25,\"maxActivations\":50}");
        withoutTemporaryLock("pinblock");
        String login = newUser();
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            devices.add(activated(login, "pinblock", "1357"));
        }
        Map<String, Long> results = wrongPinsInParallel(devices, "9999");
        // the 5th error blocks (answered BLOCKED), the later ones find the account blocked and are not counted
        assertThat(results).isEqualTo(Map.of("NOK:ACCESS", 4L, "NOK:BLOCKED", 8L));
        JsonNode user = a.user(login);
        assertThat(user.get("pinErrors").asInt()).isEqualTo(5);
        assertThat(user.get("state").asText()).isEqualTo("PinBlocked");
        assertThat(devices.get(0).otp("1357")).isEqualTo("NOK:BLOCKED");
        assertThat(b.admin("POST", "/admin/v1/users/" + login + "/unblock", null).status()).isEqualTo(200);
        assertThat(devices.get(1).otp("1357")).doesNotStartWith("NOK");
    }

    @Test
    void parallelActivationsOfOneAccountRespectTheDeviceLimit() throws Exception {
        a.createIntegration("{\"macid\":\"threedevices\",\"maxDevices\":3}");
        String login = newUser();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add(a.activationCode(login, "threedevices"));
        }
        List<Callable<String>> tasks = new ArrayList<>();
        for (String code : codes) {
            tasks.add(() -> new TestDevice(nodes, "threedevices").activate(code, "1122"));
        }
        Map<String, Long> results = histogram(inParallel(8, tasks));
        assertThat(results.get("OK")).isEqualTo(3L);
        assertThat(results.get("NOK:MAXNBTOOLS")).isEqualTo(5L);
        JsonNode user = b.user(login);
        long active = 0;
        for (JsonNode dev : user.get("devices")) {
            active += dev.get("state").asText().equals("Active") ? 1 : 0;
        }
        assertThat(active).isEqualTo(3);
        assertThat(user.get("activations").asInt()).isEqualTo(3);
    }

    @Test
    void sixteenConcurrentDevicesOverBothNodesEachOtpVerifiedExactlyOnce() throws Exception {
        List<String> logins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            logins.add(newUser());
        }
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            codes.add(a.activationCode(logins.get(i / 2), "default"));
        }
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String login = logins.get(i / 2);
            String code = codes.get(i);
            int n = i;
            tasks.add(() -> {
                TestDevice d = new TestDevice(nodes, "default");
                assertThat(d.activate(code, "8642")).isEqualTo("OK");
                int verified = 0;
                for (int cycle = 0; cycle < 5; cycle++) {
                    String otp = d.otp("8642");
                    assertThat(otp).doesNotStartWith("NOK");
                    assertThat(seen.putIfAbsent(login + "/" + otp, true)).isNull();
                    TestServer first = nodes.get((n + cycle) % 2);
                    TestServer second = nodes.get((n + cycle + 1) % 2);
                    assertThat(first.verify(login, otp, true).get("result").asText()).isEqualTo("OK");
                    assertThat(second.verify(login, otp, true).get("result").asText()).isEqualTo("NOK");
                    verified++;
                }
                return verified;
            });
        }
        assertThat(inParallel(16, tasks)).containsOnly(5).hasSize(16);
        for (String login : logins) {
            assertThat(a.user(login).get("devices")).hasSize(2);
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyStoreAgreeOnTheFactoryKey() throws Exception {
        List<TestServer> fresh = TestServer.startTogether(Files.createTempDirectory("pims-first-start"),
                new MutableClock(Instant.parse("2026-01-01T00:00:00Z")), 3);
        try {
            List<String> kfacts = new ArrayList<>();
            for (TestServer node : fresh) {
                TestServer.Response r = node.admin("GET", "/admin/v1/integrations/default", null);
                assertThat(r.status()).isEqualTo(200);
                kfacts.add(r.json().get("kfact").asText());
            }
            assertThat(kfacts).hasSize(3).allMatch(k -> k.equals(kfacts.get(0)));
            // and the deployment works across the three
            fresh.get(1).createUser("first-start");
            TestDevice d = new TestDevice(fresh, "default");
            assertThat(d.activate(fresh.get(2).activationCode("first-start", "default"), "1470")).isEqualTo("OK");
            String otp = d.otp("1470");
            assertThat(fresh.get(0).verify("first-start", otp, true).get("result").asText()).isEqualTo("OK");
        } finally {
            for (int i = fresh.size() - 1; i >= 0; i--) {
                fresh.get(i).close();
            }
        }
    }
}
