package dev.pims.server.accountapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 4 on the account API, on both stores: 64 clients at once on one account, mixing enrollment
 * removal, PIN resets, phone changes and SMS requests with OTP set-up/finalize and verification of the
 * account's devices. The account API locks codes, then devices (ascending id), then the account, like the
 * device flows: no answer is a 5xx, no device answer is NOK:STATE, and PostgreSQL counts no deadlock.
 */
class AccountRaceTest {
    private static final String PASSWORD = "race password";
    private static final int CLIENTS = 64;

    @Test
    void accountOperationsRacingOtpFlowsNeitherFailNorDeadlock() throws Exception {
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-race"))) {
            AccountClient api = new AccountClient(server);
            api.createUser("racer", PASSWORD, null);
            String token = api.login("racer", PASSWORD);
            api.addPhone(token, "+33688800000");
            List<TestDevice> devices = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TestDevice d = new TestDevice(server, "default");
                assertThat(d.activate(server.activationCode("racer", "default"), "1234")).isEqualTo("OK");
                devices.add(d);
            }
            long deadlocksBefore = deadlocks(server);
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger phones = new AtomicInteger(1);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    futures.add(pool.submit(() -> {
                        go.await();
                        String own = token;
                        for (int round = 0; round < 4; round++) {
                            String what = client < devices.size() ? "otp" : switch ((client + round) % 5) {
                                case 0 -> round >= 2 && client % 16 == 5 ? "remove" : "status";
                                case 1 -> "reset";
                                case 2 -> "phone";
                                case 3 -> "sms";
                                default -> "status";
                            };
                            List<Integer> statuses = new ArrayList<>();
                            switch (what) {
                                case "otp" -> {
                                    TestDevice d = devices.get(client);
                                    String otp = d.otp(null);
                                    if (otp.startsWith("NOK")) {
                                        record(outcomes, "device " + otp);
                                        if (!otp.equals("NOK:NODEVICE")) {
                                            failures.add("device answered " + otp);
                                        }
                                        break;
                                    }
                                    String v = server.verify("racer", otp, false).get("result").asText();
                                    record(outcomes, "verify " + v);
                                }
                                case "remove" -> statuses.add(api.call("DELETE", "/api/v1/me/enrollments", null, own)
                                        .status());
                                case "reset" -> {
                                    statuses.add(api.requestSms(own, "resetPIN", null, null).status());
                                    statuses.add(api.call("POST", "/api/v1/me/pin/reset", "{\"smsCode\":\""
                                            + lastCode(api, currentPhone(api, own)) + "\",\"newPin\":\"1234\"}", own)
                                            .status());
                                }
                                case "phone" -> {
                                    String next = "+3368880" + String.format("%04d", phones.incrementAndGet());
                                    statuses.add(api.requestSms(own, "phoneNumberCertification", next, null).status());
                                    String current = currentPhone(api, own);
                                    statuses.add(api.requestSms(own, "currentPhoneNumber", null, null).status());
                                    statuses.add(api.call("PUT", "/api/v1/me/phone-number", "{\"phoneNumber\":\"" + next
                                            + "\",\"smsCode\":\"" + lastCode(api, next) + "\",\"currentPhoneCode\":\""
                                            + lastCode(api, current) + "\"}", own).status());
                                }
                                case "sms" -> statuses.add(api.requestSms(own, "enrollment", null, null).status());
                                default -> statuses.add(api.call("GET", "/api/v1/me/status", null, own).status());
                            }
                            for (int s : statuses) {
                                record(outcomes, what + " " + s);
                                if (s >= 500) {
                                    failures.add(what + " answered " + s);
                                }
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            System.out.println("account race outcomes: " + new java.util.TreeMap<>(
                    outcomes.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().get()))));
            assertThat(failures).isEmpty();
            assertThat(outcomes.keySet()).anyMatch(k -> k.startsWith("verify OK"));
            assertThat(outcomes.keySet()).anyMatch(k -> k.equals("remove 200"));
            assertThat(deadlocks(server)).isEqualTo(deadlocksBefore);
        }
    }

    private static void record(Map<String, AtomicInteger> outcomes, String key) {
        outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    /** The newest code sent to {@code phone}, or a wrong one when none was (the request was refused). */
    private static String lastCode(AccountClient api, String phone) {
        try {
            return api.lastCode(phone);
        } catch (IllegalStateException e) {
            return "00000000";
        }
    }

    private static String currentPhone(AccountClient api, String token) {
        TestServer.Response r = api.call("GET", "/api/v1/me/phone-number", null, token);
        return r.status() == 200 ? r.json().get("phoneNumber").asText() : "+33688800000";
    }

    /** PostgreSQL's deadlock count for the test database (its statistics are flushed within ~10 s); 0 on H2. */
    private static long deadlocks(TestServer server) throws InterruptedException {
        if (TestStores.current() != TestStores.Store.POSTGRES) {
            return 0;
        }
        Thread.sleep(11_000);
        return server.server().database().inTransaction(sql -> sql.count(
                "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
    }
}
