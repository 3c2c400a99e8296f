package dev.pims.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.crypto.Keyring;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.db.Database;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Master key rotation over HTTP, on the store the build selects (H2, then PostgreSQL in CI). */
class KeyRotationTest {
    private static final String MACID = "default";
    private static final String NEW_KEY = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eff";
    private static final String NEWER_KEY = "ee0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1eee";

    @Test
    void rotationUnderLoadReSealsEverythingAndNothingStops() throws Exception {
        LogCapture logs = LogCapture.attach();
        // the load below is one address: its per-node request budget (in memory, on the real clock) is lifted
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-rotate"), b -> b.ops(
                dev.pims.server.ops.OpsConfig.defaults().withLimits(
                        dev.pims.server.limits.AddressLimits.defaults().withDevicePerMinute(0).withVerifyPerMinute(0))))) {
            server.secret(NEW_KEY);
            List<TestDevice> devices = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                server.createUser("user" + i);
                TestDevice d = new TestDevice(server, MACID);
                assertThat(d.activate(server.activationCode("user" + i, MACID), "1234")).isEqualTo("OK");
                devices.add(d);
            }
            server.createUser("late");
            String codeBeforeRotation = server.activationCode("late", MACID); // its hash must still match after
            String oldId = keyId(server).get("current").asText();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger cycles = new AtomicInteger();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread load = Thread.ofPlatform().start(() -> {
                int i = 0;
                while (!stop.get()) {
                    TestDevice d = devices.get(i++ % devices.size());
                    String login = "user" + ((i - 1) % devices.size());
                    String otp = d.otp("1234");
                    if (otp.startsWith("NOK")) {
                        // the per-device OTP limit (FORBIDDEN) is expected in this tight loop; nothing else
                        if (!otp.contains("FORBIDDEN")) {
                            failures.add(login + ": " + otp);
                        }
                        continue;
                    }
                    JsonNode r = server.verify(login, otp, true);
                    if (!"OK".equals(r.get("result").asText())) {
                        failures.add(login + ": " + r);
                    }
                    cycles.incrementAndGet();
                }
            });
            TestServer.Response started = server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEW_KEY + "\"}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            String newId = started.json().get("current").asText();
            assertThat(newId).isNotEqualTo(oldId).isEqualTo(Keyring.idOf(MasterKey.parse(NEW_KEY)));
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEWER_KEY + "\"}").status())
                    .as("a second rotation waits for the first").isEqualTo(409);
            JsonNode status = waitUntilDone(server);
            stop.set(true);
            load.join();
            assertThat(failures).isEmpty();
            assertThat(cycles.get()).isPositive();
            assertThat(status.get("current").asText()).isEqualTo(newId);
            assertThat(fieldNames(status.get("values"))).containsExactly(newId);
            assertThat(rawValuesNotUnder(server.server().database(), newId)).isZero();
            // a code issued before the rotation is found by its hash: the look-up key did not change
            assertThat(new TestDevice(server, MACID).activate(codeBeforeRotation, "5678")).isEqualTo("OK");
            server.clock.advance(java.time.Duration.ofHours(2)); // past the per-device OTP limits of the load
            // everything still works under the new key: PINs, device secrets, the factory key, code hashes
            for (int i = 0; i < devices.size(); i++) {
                assertThat(server.verify("user" + i, devices.get(i).otp("1234"), true).get("result").asText())
                        .isEqualTo("OK");
            }
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEW_KEY + "\"}").status())
                    .isEqualTo(409);
        } finally {
            logs.detach();
        }
        assertThat(logs.lines()).noneMatch(l -> l.contains(NEW_KEY) || l.toLowerCase(Locale.ROOT).contains("failed"));
    }

    @Test
    void aRestartInTheMiddleResumesWithEitherKey() throws Exception {
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-rotate-restart"))) {
            List<TestDevice> devices = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                server.createUser("user" + i);
                TestDevice d = new TestDevice(server, MACID);
                assertThat(d.activate(server.activationCode("user" + i, MACID), "1234")).isEqualTo("OK");
                devices.add(d);
            }
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEW_KEY + "\"}").status())
                    .isEqualTo(202);
            server.stop(); // the server is configured with the old key: the database hands it the new one
            server.start();
            server.clock.advance(java.time.Duration.ofMinutes(1)); // as if the old process had died holding the lease
            JsonNode status = waitUntilDone(server);
            String newId = Keyring.idOf(MasterKey.parse(NEW_KEY));
            assertThat(status.get("current").asText()).isEqualTo(newId);
            assertThat(rawValuesNotUnder(server.server().database(), newId)).isZero();
            for (int i = 0; i < devices.size(); i++) {
                assertThat(server.verify("user" + i, devices.get(i).otp("1234"), true).get("result").asText())
                        .isEqualTo("OK");
            }
        }
    }

    @Test
    void badRequestsChangeNothing() throws Exception {
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-rotate-bad"))) {
            String current = keyId(server).get("current").asText();
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"short\"}").status()).isEqualTo(400);
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{}").status()).isEqualTo(400);
            assertThat(server.admin("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + TestServer.MASTER_KEY + "\"}")
                    .status()).isEqualTo(409);
            assertThat(server.send("POST", "/admin/v1/keys/rotate", "{\"key\":\"" + NEW_KEY + "\"}", "wrong")
                    .status()).isEqualTo(401);
            assertThat(server.send("GET", "/admin/v1/keys", null, null).status()).isEqualTo(401);
            assertThat(keyId(server).get("current").asText()).isEqualTo(current);
            assertThat(keyId(server).get("rotating").asBoolean()).isFalse();
        }
    }

    @Test
    void everySealedColumnOfTheSchemaIsReSealed() throws Exception {
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-rotate-schema"))) {
            Set<String> listed = new HashSet<>();
            SealedColumn.ALL.forEach(c -> listed.add(c.table() + "." + c.column()));
            Set<String> inSchema = new HashSet<>();
            try (Connection c = server.server().database().dataSource().getConnection();
                    ResultSet rs = c.getMetaData().getColumns(null, null, "%", "%")) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    String schema = String.valueOf(rs.getString("TABLE_SCHEM")).toLowerCase(Locale.ROOT);
                    if ((column.endsWith("_enc") || column.equals("sealed")) && !schema.equals("information_schema")
                            && !table.equals("master_keys")) {
                        inSchema.add(table + "." + column);
                    }
                }
            }
            assertThat(listed).containsExactlyInAnyOrderElementsOf(inSchema);
        }
    }

    private static long rawValuesNotUnder(Database db, String keyId) {
        return db.inTransaction(sql -> {
            long n = 0;
            for (SealedColumn c : SealedColumn.ALL) {
                n += sql.count("SELECT COUNT(*) FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL AND "
                        + c.column() + " NOT LIKE ?", "$" + keyId + "$%");
            }
            return n;
        });
    }

    private static JsonNode keyId(TestServer server) {
        TestServer.Response r = server.admin("GET", "/admin/v1/keys", null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static JsonNode waitUntilDone(TestServer server) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            JsonNode s = keyId(server);
            if (!s.get("rotating").asBoolean()) {
                return s;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the rotation did not finish within a minute");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
