package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Activations cut between step 2 (device created AWAITING_SECRET) and step 3 (ms): the pending device never
 * counts against maxDevices or maxActivations, is refused cleanly once a completed device took the last
 * place, and is removed when the account activates again after its ms challenge expired.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PendingActivationTest {
    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(Files.createTempDirectory("pims-pending"));
        server.createIntegration("{\"macid\":\"single\",\"maxDevices\":1,\"maxActivations\":2}");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void anExpiredPendingDeviceDoesNotCountAndIsRemovedAtTheNextActivation() {
        server.createUser("pending1");
        TestDevice cut = new TestDevice(server, "single");
        assertThat(cut.activateWithoutMs(server.activationCode("pending1", "single"), "1234")).isEqualTo("OK");
        assertThat(server.user("pending1").get("devices").get(0).get("state").asText()).isEqualTo("AwaitingSecret");
        assertThat(server.user("pending1").get("activations").asInt()).isZero();
        server.clock.advance(Duration.ofSeconds(61));
        assertThat(cut.completeMs("1234")).isEqualTo("NOK:TIMEOUT");
        TestDevice again = new TestDevice(server, "single");
        assertThat(again.activate(server.activationCode("pending1", "single"), "1234")).isEqualTo("OK");
        JsonNode user = server.user("pending1");
        assertThat(user.get("devices")).hasSize(1);
        assertThat(user.get("devices").get(0).get("state").asText()).isEqualTo("Active");
        assertThat(user.get("activations").asInt()).isEqualTo(1);
        assertThat(server.verify("pending1", again.otp("1234"), true).get("result").asText()).isEqualTo("OK");
    }

    @Test
    void aLivePendingDeviceIsRefusedCleanlyOnceTheLimitIsReached() {
        server.createUser("pending2");
        TestDevice late = new TestDevice(server, "single");
        assertThat(late.activateWithoutMs(server.activationCode("pending2", "single"), "5678")).isEqualTo("OK");
        TestDevice first = new TestDevice(server, "single");
        assertThat(first.activate(server.activationCode("pending2", "single"), "5678")).isEqualTo("OK");
        assertThat(late.completeMs("5678")).isEqualTo("NOK:MAXNBTOOLS");
        assertThat(server.user("pending2").get("activations").asInt()).isEqualTo(1);
    }

    @Test
    void theActivationLimitCountsCompletedActivationsOnly() {
        server.createUser("pending3");
        for (int i = 0; i < 3; i++) {
            TestDevice cut = new TestDevice(server, "single");
            assertThat(cut.activateWithoutMs(server.activationCode("pending3", "single"), "2468")).isEqualTo("OK");
        }
        assertThat(server.user("pending3").get("activations").asInt()).isZero();
        TestDevice d = new TestDevice(server, "single");
        assertThat(d.activate(server.activationCode("pending3", "single"), "2468")).isEqualTo("OK");
        assertThat(server.user("pending3").get("activations").asInt()).isEqualTo(1);
    }
}
