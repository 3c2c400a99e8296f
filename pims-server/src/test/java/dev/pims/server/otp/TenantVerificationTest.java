package dev.pims.server.otp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.crypto.Digests;
import dev.pims.server.db.Sql;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relying parties see only their own tenant (issue 8 item 4), through HTTP on both stores: an API key verifies only
 * OTPs of devices of its integrations, refuses the others before consuming anything, and answers the same to
 * every refusal that does not need a valid OTP (no login enumeration).
 */
class TenantVerificationTest {
    @TempDir
    Path dir;
    private TestServer server;
    private String keyA;
    private String keyB;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
        server.createIntegration("{\"macid\":\"tenant-a\"}");
        server.createIntegration("{\"macid\":\"tenant-b\"}");
        keyA = key("a", "tenant-a");
        keyB = key("b", "tenant-b");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String key(String name, String... macids) {
        String list = List.of(macids).stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","));
        TestServer.Response r = server.admin("POST", "/admin/v1/api-keys",
                "{\"name\":\"" + name + "\",\"integrations\":[" + list + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("integrations").toString()).isEqualTo("[" + list + "]");
        assertThat(r.json().get("legacy").asBoolean()).isFalse();
        return server.secret(r.json().get("key").asText());
    }

    private TestDevice enrolled(String login, String macid, String pin) {
        server.createUser(login);
        TestDevice d = new TestDevice(server, macid);
        assertThat(d.activate(server.activationCode(login, macid), pin)).isEqualTo("OK");
        return d;
    }

    private TestServer.Response verify(String key, String login, String otp) {
        return server.send("POST", "/api/v1/otp/verify", "{\"login\":\"" + login + "\",\"otp\":\"" + otp + "\"}", key);
    }

    private TestServer.Response fs(String key, String serviceId, String login, String otp) {
        return server.send("GET", "/FS?action=authenticateExtended&serviceId=" + serviceId + "&userId=" + login
                + "&token=" + otp, null, key);
    }

    @Test
    void aKeyOfAnotherTenantIsRefusedAndTheOtpStillVerifiesForItsOwn() {
        TestDevice bob = enrolled("bob", "tenant-b", "4321");
        String otp = bob.otp("4321");
        assertThat(verify(keyA, "bob", otp).json().get("reason").asText()).isEqualTo("invalid_otp");
        assertThat(fs(keyA, "tenant-a", "bob", otp).body()).contains("<err>NOK:no device found</err>");
        assertThat(fs(keyA, "tenant-b", "bob", otp).body()).as("a serviceId outside the key's integrations")
                .contains("<err>NOK:srv unknown</err>");
        JsonNode ok = verify(keyB, "bob", otp).json();
        assertThat(ok.get("result").asText()).as("nothing was consumed by tenant A").isEqualTo("OK");
        assertThat(ok.get("pinVerified").asBoolean()).isTrue();

        String second = bob.otp("4321");
        assertThat(fs(keyA, "tenant-a", "bob", second).body()).contains("NOK:no device found");
        assertThat(fs(keyB, "tenant-b", "bob", second).body()).contains("<err>OK</err>");
        JsonNode audit = server.admin("GET", "/admin/v1/audit?login=bob", null).json();
        List<String> outcomes = new ArrayList<>();
        audit.get("items").forEach(i -> outcomes.add(i.get("event").asText() + " " + i.get("outcome").asText()));
        assertThat(outcomes).as("the audit keeps the real reason").contains("otp.verify wrong_service");
    }

    @Test
    void everyRefusalWithoutAValidOtpGetsTheSameAnswer() {
        TestDevice alice = enrolled("alice", "tenant-a", "1234");
        server.createUser("nodevice");
        String used = alice.otp("1234");
        assertThat(verify(keyA, "alice", used).json().get("result").asText()).isEqualTo("OK");
        String expired = alice.otp("1234");
        server.clock.advance(Duration.ofMinutes(10));
        List<String[]> cases = List.of(
                new String[] {"ghost", "12345678"},      // unknown login
                new String[] {"nodevice", "12345678"},   // no active device
                new String[] {"alice", "00000000"},      // wrong OTP
                new String[] {"alice", used},            // replayed
                new String[] {"alice", expired});        // expired
        List<String> json = new ArrayList<>();
        List<String> fsXml = new ArrayList<>();
        List<String> fsJson = new ArrayList<>();
        for (String[] c : cases) {
            TestServer.Response r = verify(keyA, c[0], c[1]);
            assertThat(r.status()).isEqualTo(200);
            json.add(r.body());
            fsXml.add(fs(keyA, "tenant-a", c[0], c[1]).body());
            fsJson.add(server.send("GET", "/FS?action=authenticateExtended&serviceId=tenant-a&userId=" + c[0]
                    + "&token=" + c[1] + "&format=json", null, keyA).body());
        }
        assertThat(json).containsOnly("{\"result\":\"NOK\",\"reason\":\"invalid_otp\"}");
        assertThat(fsXml).allMatch(b -> b.equals(fsXml.get(0)));
        assertThat(fsXml.get(0)).contains("<err>NOK:no device found</err>");
        assertThat(fsJson).allMatch(b -> b.equals(fsJson.get(0)));
        JsonNode audit = server.admin("GET", "/admin/v1/audit", null).json();
        List<String> outcomes = new ArrayList<>();
        audit.get("items").forEach(i -> outcomes.add(i.get("outcome").asText()));
        assertThat(outcomes).as("the audit keeps the real reasons")
                .contains("unknown_account", "no_active_device", "invalid_otp");
    }

    @Test
    void keysNeedExistingIntegrationsAndLegacyKeysCoverAll() {
        assertThat(server.admin("POST", "/admin/v1/api-keys", "{\"name\":\"x\"}").status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/api-keys", "{\"name\":\"x\",\"integrations\":[]}").status())
                .isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/api-keys", "{\"name\":\"x\",\"integrations\":[\"nope\"]}")
                .status()).isEqualTo(400);
        assertThat(server.admin("POST", "/admin/v1/api-keys", "{\"name\":\"x\",\"integrations\":[7]}").status())
                .isEqualTo(400);
        String both = key("both", "tenant-a", "tenant-b");
        TestDevice carol = enrolled("carol", "tenant-b", "9999");
        assertThat(verify(both, "carol", carol.otp("9999")).json().get("result").asText()).isEqualTo("OK");

        // a key created before keys had integrations (V6 marks existing rows all_integrations = TRUE)
        String legacy = server.secret("pk_legacy0_" + "x".repeat(40));
        server.server().database().inTransaction(sql -> sql.update("INSERT INTO api_keys (id, name, key_hash,"
                + " created_at, revoked_at, all_integrations) VALUES (?,?,?,?,?,?)", "legacy0", "old",
                Digests.sha256Hex(legacy), 0L, Sql.nullableLong(null), true));
        assertThat(verify(legacy, "carol", carol.otp("9999")).json().get("result").asText()).isEqualTo("OK");
        JsonNode old = null;
        for (JsonNode k : server.admin("GET", "/admin/v1/api-keys", null).json()) {
            if (k.get("id").asText().equals("legacy0")) {
                old = k;
            }
        }
        assertThat(old).isNotNull();
        assertThat(old.get("legacy").asBoolean()).isTrue();
        assertThat(old.get("integrations")).isEmpty();
    }
}
