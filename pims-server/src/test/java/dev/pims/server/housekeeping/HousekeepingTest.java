package dev.pims.server.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.db.Database;
import dev.pims.server.testing.LogCapture;
import dev.pims.server.testing.MutableClock;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping over HTTP, on the store the build selects (H2, then PostgreSQL in CI): a long run of refused and
 * accepted requests leaves every table and the embedded file under a bound; the lease lets one node at a time run.
 */
class HousekeepingTest {
    private static final String MACID = "default";
    private static final String PASSWORD = "correct horse battery";
    private static final List<String> TABLES = List.of("challenges", "issued_otps", "activation_codes", "sms_codes",
            "oauth_tokens", "audit_log", "sms_outbox", "rate_limits");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLongRunOfRefusedAndAcceptedRequestsLeavesEveryTableBounded() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HousekeepingConfig config = HousekeepingConfig.defaults().withInterval(Duration.ofDays(1))
                .withAuditRetentionDays(1).withBatchSize(50);
        LogCapture logs = LogCapture.attach();
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-hk"), clock, config)) {
            Database db = server.server().database();
            server.admin("POST", "/admin/v1/users", "{\"login\":\"alice\",\"password\":\"" + PASSWORD + "\"}");
            TestDevice device = new TestDevice(server, MACID);
            assertThat(device.activate(server.activationCode("alice", MACID), "1234")).isEqualTo("OK");
            String refresh = passwordGrant(server, "alice", PASSWORD).get("refresh_token").asText();
            int rounds = 40;
            long written = 0;
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < 3; i++) {
                    String otp = device.otp("1234");
                    assertThat(server.verify("alice", otp, null).get("result").asText()).isEqualTo("OK");
                    assertThat(server.verify("alice", otp, null).get("result").asText()).isEqualTo("NOK");
                }
                for (int i = 0; i < 8; i++) { // refused: malformed device requests, unknown users, wrong logins
                    server.macRaw("action=nonsense&id=" + i);
                    server.verify("nobody" + i, "12345678", null);
                }
                for (int i = 0; i < 2; i++) {
                    assertThat(formPost(server, "/api/v1/oauth/token", Map.of("grant_type", "password",
                            "username", "nobody" + i, "password", "wrong", "client_id", "pims-dev",
                            "client_secret", "pims-dev-secret")).statusCode()).isBetween(400, 503);
                }
                // an unused code that will expire (for a user of its own: a new code of the same user would
                // remove the user's dead codes itself)
                server.createUser("bob" + round);
                server.activationCode("bob" + round, MACID);
                refresh = refresh(server, refresh);
                written += counts(db).values().stream().mapToLong(Long::longValue).sum();
                clock.advance(Duration.ofHours(6));
                Housekeeper.Report report = server.server().housekeeper().runOnce();
                assertThat(report.ran()).isTrue();
            }
            Map<String, Long> left = counts(db);
            // the bound: what one day of this traffic writes (audit retention 1 day, codes kept 25 h)
            assertThat(left.get("issued_otps")).isZero();
            assertThat(left.get("activation_codes")).isLessThanOrEqualTo(6);
            assertThat(left.get("oauth_tokens")).isLessThanOrEqualTo(3 * 6);
            assertThat(left.get("audit_log")).isLessThanOrEqualTo(5 * 60);
            assertThat(left.get("challenges")).isLessThanOrEqualTo(1);
            left.forEach((table, n) -> assertThat(n).as(table).isLessThanOrEqualTo(5 * 60));
            assertThat(written).as("the run wrote far more than the bound").isGreaterThan(10 * 5 * 60);
            assertThat(deletedMetric(server, "issued_otps")).isGreaterThanOrEqualTo(rounds * 3);
            assertThat(deletedMetric(server, "audit_log")).isPositive();
            assertThat(deletedMetric(server, "oauth_tokens")).isPositive();
            assertThat(deletedMetric(server, "activation_codes")).isPositive();
            if (server.jdbcUrl().isEmpty()) {
                assertThat(Files.size(server.dataDir.resolve("pims.mv.db"))).isLessThan(8L << 20);
            }
            // the device still works after all that purging
            assertThat(server.verify("alice", device.otp("1234"), true).get("result").asText()).isEqualTo("OK");
        } finally {
            logs.detach();
        }
        assertThat(logs.lines()).noneMatch(l -> l.contains("housekeeping cannot purge") || l.contains("run failed"));
    }

    @Test
    void theEmbeddedFileShrinksBackAfterAPurgeAndARestart() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestStores.current() == TestStores.Store.H2);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HousekeepingConfig config = HousekeepingConfig.defaults().withInterval(Duration.ofDays(1))
                .withAuditRetentionDays(1).withBatchSize(5000);
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-hk-file"), clock, config)) {
            Database db = server.server().database();
            Path file = server.dataDir.resolve("pims.mv.db");
            long before = Files.size(file);
            for (int chunk = 0; chunk < 20; chunk++) {
                long at = clock.millis();
                db.inTransaction(sql -> {
                    for (int i = 0; i < 2000; i++) {
                        sql.update("INSERT INTO audit_log (at, login, device_id, event, outcome) VALUES (?,?,?,?,?)",
                                at, "someone-with-a-fairly-long-login-name-" + i, null, "mac.otp.setup",
                                "NOK:ACCESS with padding to make the row bigger than a few bytes");
                    }
                    return null;
                });
            }
            long grown = Files.size(file);
            assertThat(grown).isGreaterThan(before + (2L << 20));
            clock.advance(Duration.ofDays(2));
            Housekeeper.Report report = server.server().housekeeper().runOnce();
            assertThat(report.deleted().get("audit_log")).isEqualTo(40_000);
            server.stop();
            server.start(); // compaction at start gives the space back
            long after = Files.size(file);
            assertThat(after).isLessThan(grown / 2);
            assertThat(counts(server.server().database()).get("audit_log")).isLessThan(100);
        }
    }

    @Test
    void auditRetentionZeroKeepsTheAuditLog() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        HousekeepingConfig config = HousekeepingConfig.defaults().withInterval(Duration.ofDays(1))
                .withAuditRetentionDays(0);
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-hk-keep"), clock, config)) {
            long at = clock.millis();
            server.server().database().inTransaction(sql -> sql.update("INSERT INTO audit_log (at, login, device_id,"
                    + " event, outcome) VALUES (?,?,?,?,?)", at, "someone", null, "test", "OK"));
            long audit = counts(server.server().database()).get("audit_log");
            assertThat(audit).isPositive();
            clock.advance(Duration.ofDays(400));
            Housekeeper.Report report = server.server().housekeeper().runOnce();
            assertThat(report.deleted()).doesNotContainKey("audit_log");
            assertThat(counts(server.server().database()).get("audit_log")).isEqualTo(audit);
        }
    }

    @Test
    void oneNodeAtATime() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (TestServer server = new TestServer(Files.createTempDirectory("pims-hk-lease"), clock);
                TestServer other = server.newNode()) {
            Database db = server.server().database();
            ClusterLease a = new ClusterLease(db, "housekeeping", "node-a", clock, Duration.ofMinutes(2));
            ClusterLease b = new ClusterLease(other.server().database(), "housekeeping", "node-b", clock,
                    Duration.ofMinutes(2));
            // the nodes' own first runs (at start) hold the lease for a moment
            for (int i = 0; i < 100 && !a.tryAcquire(); i++) {
                Thread.sleep(50);
            }
            assertThat(a.tryAcquire()).isTrue();
            assertThat(b.tryAcquire()).isFalse();
            assertThat(other.server().housekeeper().runOnce().ran()).isFalse();
            assertThat(a.tryAcquire()).as("the holder extends its lease").isTrue();
            clock.advance(Duration.ofMinutes(3)); // node a died without releasing: its lease runs out
            assertThat(b.tryAcquire()).isTrue();
            assertThat(a.tryAcquire()).isFalse();
            b.release();
            assertThat(server.server().housekeeper().runOnce().ran()).isTrue();
            // while one node's transaction holds the row, another does not wait for it: SKIP LOCKED
            db.inTransaction(sql -> {
                sql.one("SELECT name FROM housekeeping_lease WHERE name = 'housekeeping' FOR UPDATE", rs -> rs.getString(1));
                assertThat(b.tryAcquire()).isFalse();
                return null;
            });
        }
    }

    private static double deletedMetric(TestServer server, String table) {
        return server.server().metrics().registry().get("pims.housekeeping.deleted").tag("table", table).counter()
                .count();
    }

    private static Map<String, Long> counts(Database db) {
        return db.inTransaction(sql -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String t : TABLES) {
                out.put(t, sql.count("SELECT COUNT(*) FROM " + t));
            }
            return out;
        });
    }

    private JsonNode passwordGrant(TestServer server, String login, String password) throws Exception {
        HttpResponse<String> r = formPost(server, "/api/v1/oauth/token", Map.of("grant_type", "password",
                "username", login, "password", password, "client_id", "pims-dev", "client_secret", "pims-dev-secret"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = new TestServer.Response(r.statusCode(), r.body()).json();
        server.secret(j.get("access_token").asText());
        server.secret(j.get("refresh_token").asText());
        return j;
    }

    private String refresh(TestServer server, String refreshToken) throws Exception {
        HttpResponse<String> r = formPost(server, "/api/v1/oauth/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refreshToken, "client_id", "pims-dev", "client_secret", "pims-dev-secret"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return server.secret(new TestServer.Response(r.statusCode(), r.body()).json().get("refresh_token").asText());
    }

    private HttpResponse<String> formPost(TestServer server, String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
