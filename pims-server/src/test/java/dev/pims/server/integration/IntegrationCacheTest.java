package dev.pims.server.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integration cache (docs/architecture.md, "Caches"): a policy change is seen at once on the node that made
 * it, and on another node once its cached copy is older than {@code cacheTtl} (here 300 ms instead of 1 s).
 */
class IntegrationCacheTest {
    @TempDir
    Path dir;

    @Test
    void aPolicyChangeReachesTheOtherNodeWithinTheCacheLifetime() throws Exception {
        try (TestServer a = new TestServer(dir, b -> b.cacheTtl(Duration.ofMillis(300)));
                TestServer b = a.newNode()) {
            a.createUser("cache");
            TestDevice onA = new TestDevice(a, "default");
            assertThat(onA.activate(a.activationCode("cache", "default"), "2468")).isEqualTo("OK");
            TestDevice onB = new TestDevice(b, "default");
            onB.state = onA.state;
            assertThat(onB.otp(null)).doesNotStartWith("NOK"); // node b has read (and cached) the policy
            onA.state = onB.state;

            assertThat(a.admin("PUT", "/admin/v1/integrations/default/policy", "{\"pinlessAllowed\":false}")
                    .status()).isEqualTo(200);
            assertThat(onA.otp(null)).as("the node that made the change").isEqualTo("NOK:ACCESS");
            Thread.sleep(600);
            onB.state = onA.state;
            assertThat(onB.otp(null)).as("another node, once its copy expired").isEqualTo("NOK:ACCESS");
            assertThat(onB.otp("2468")).doesNotStartWith("NOK");
        }
    }
}
