package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.StatementCounter;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statement budget of the request path (issue 7), on H2 and PostgreSQL, counted by a counting DataSource
 * around the server's pool: OTP setup, OTP finalize and verification are ONE transaction each, with exactly the
 * statements below (11 per cycle, the budget is 14); an activation (setup, finalize, ms) is 3 transactions. A
 * change that adds a statement to the hot path fails here: raise the number only with a reason
 * (docs/architecture.md, "Request path").
 */
class StatementBudgetTest {
    private static final int SETUP = 3;     // lock device+account (join), OTP issuance counters, challenge
    private static final int FINALIZE = 5;  // lock (join, with the challenge), consume challenge, ratchet K1, OTP, audit
    private static final int VERIFY = 3;    // read account+OTP+device, conditional consume, audit
    private final StatementCounter counter = new StatementCounter();
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        // caches live for an hour here, so that no expiry lands inside a measured request
        server = new TestServer(dir, b -> b.cacheTtl(Duration.ofHours(1)).dataSourceWrapper(counter.wrapper()));
        // the housekeeping run at start uses the same pool: wait for it, then count only the requests
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.server().housekeeper().scheduledRuns() == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(server.server().housekeeper().scheduledRuns()).as("the housekeeping run at start").isPositive();
        counter.reset();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void expect(int transactions, int statements, String what) {
        assertThat(counter.transactions()).as(what + " transactions: " + counter.log()).isEqualTo(transactions);
        assertThat(counter.statements()).as(what + " statements: " + counter.log()).isEqualTo(statements);
        counter.reset();
    }

    @Test
    void otpCycleIsThreeTransactionsAndElevenStatements() {
        server.createUser("budget");
        String code = server.activationCode("budget", "default");
        counter.reset();
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(code, "2580")).isEqualTo("OK");
        assertThat(counter.transactions()).as("activation: " + counter.log()).isLessThanOrEqualTo(3);
        String warm = d.otp("2580");
        assertThat(server.verify("budget", warm, true).get("result").asText()).isEqualTo("OK");
        counter.reset();

        String challenge = d.challenge();
        expect(1, SETUP, "OTP setup");
        String otp = d.otpWith(challenge, "2580", true);
        assertThat(otp).doesNotStartWith("NOK");
        expect(1, FINALIZE, "OTP finalize");
        assertThat(server.verify("budget", otp, true).get("result").asText()).isEqualTo("OK");
        expect(1, VERIFY, "verification");
        assertThat(SETUP + FINALIZE + VERIFY).isLessThanOrEqualTo(14);

        // every refusal of a verification costs the same statements as a success (no timing to measure)
        assertThat(server.verify("budget", otp, true).get("reason").asText()).isEqualTo("invalid_otp");
        expect(1, VERIFY, "replayed OTP");
        assertThat(server.verify("nobody", otp, true).get("reason").asText()).isEqualTo("invalid_otp");
        expect(1, VERIFY, "unknown login");
    }

    @Test
    void activationIsThreeTransactions() {
        server.createUser("act");
        String code = server.activationCode("act", "default");
        counter.reset();
        assertThat(new TestDevice(server, "default").activate(code, "1470")).isEqualTo("OK");
        assertThat(counter.transactions()).as(counter.log().toString()).isEqualTo(3);
    }

    @Test
    void apiKeyVerificationIsOneTransactionOnceTheKeyIsKnown() {
        server.createUser("rp");
        TestDevice d = new TestDevice(server, "default");
        assertThat(d.activate(server.activationCode("rp", "default"), "3690")).isEqualTo("OK");
        JsonNode key = server.admin("POST", "/admin/v1/api-keys",
                "{\"name\":\"shop\",\"integrations\":[\"default\"]}").json();
        String secret = server.secret(key.get("key").asText());
        String first = d.otp("3690");
        assertThat(server.send("POST", "/api/v1/otp/verify", "{\"login\":\"rp\",\"otp\":\"" + first + "\"}", secret)
                .json().get("result").asText()).isEqualTo("OK");
        String otp = d.otp("3690");
        counter.reset();
        assertThat(server.send("POST", "/api/v1/otp/verify", "{\"login\":\"rp\",\"otp\":\"" + otp + "\"}", secret)
                .json().get("result").asText()).isEqualTo("OK");
        expect(1, VERIFY, "verification with an API key");
        String fs = d.otp("3690");
        counter.reset();
        assertThat(server.send("GET", "/FS?action=authenticateExtended&serviceId=default&userId=rp&token=" + fs
                + "&format=json", null, secret).json().get("err").asText()).isEqualTo("OK");
        expect(1, VERIFY, "/FS verification");
    }

    @Test
    void refusedRequestsOfUnknownDevicesWriteNothing() {
        server.macRaw("action=ActionSetup&mode=otp&id=0123&sid=4567&macid=default");
        counter.reset();
        server.macRaw("action=ActionSetup&mode=otp&id=0124&sid=4567&macid=default");
        assertThat(counter.log()).as("one read, no write").hasSize(1).allMatch(q -> q.startsWith("SELECT"));
        assertThat(counter.transactions()).isEqualTo(1);
    }
}
