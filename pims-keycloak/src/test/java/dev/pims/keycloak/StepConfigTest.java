package dev.pims.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StepConfigTest {
    /** Stands in for Keycloak's vault transcriber: one entry, other text unchanged. */
    private static final UnaryOperator<String> VAULT = v -> v.equals("${vault.pims}") ? "key-from-vault"
            : v.startsWith("${vault.") ? null : v;

    private static Map<String, String> settings(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put(StepConfig.SERVER_URL, "https://pims.example.org");
        m.put(StepConfig.API_KEY, "${vault.pims}");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove(kv[i]);
            } else {
                m.put(kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static StepConfig valid(Map<String, String> m) {
        StepConfig.Parsed p = StepConfig.parse(m, VAULT);
        assertThat(p).isInstanceOf(StepConfig.Parsed.Valid.class);
        return ((StepConfig.Parsed.Valid) p).config();
    }

    private static String problem(Map<String, String> m) {
        StepConfig.Parsed p = StepConfig.parse(m, VAULT);
        assertThat(p).isInstanceOf(StepConfig.Parsed.Invalid.class);
        return ((StepConfig.Parsed.Invalid) p).problem();
    }

    @Test
    void defaultsArePinRequiredUsernameAndTwoThenFiveSeconds() {
        StepConfig c = valid(settings());
        assertThat(c.verifyUri()).isEqualTo(URI.create("https://pims.example.org/api/v1/otp/verify"));
        assertThat(c.apiKey()).isEqualTo("key-from-vault");
        assertThat(c.requirePin()).isTrue();
        assertThat(c.loginAttribute()).isEmpty();
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everySettingIsRead() {
        StepConfig c = valid(settings(StepConfig.SERVER_URL, " http://10.0.0.5:8080/pims/ ", StepConfig.API_KEY,
                "plain-key", StepConfig.REQUIRE_PIN, "false", StepConfig.LOGIN_ATTRIBUTE, "pims_login",
                StepConfig.CONNECT_TIMEOUT_MS, "300", StepConfig.TIMEOUT_MS, "900"));
        assertThat(c.verifyUri()).isEqualTo(URI.create("http://10.0.0.5:8080/pims/api/v1/otp/verify"));
        assertThat(c.apiKey()).isEqualTo("plain-key");
        assertThat(c.requirePin()).isFalse();
        assertThat(c.loginAttribute()).isEqualTo(Optional.of("pims_login"));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.timeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(c.toString()).doesNotContain("plain-key");
        assertThat(StepConfig.requirePin(null)).isTrue();
        assertThat(StepConfig.requirePin(Map.of(StepConfig.REQUIRE_PIN, " FALSE "))).isFalse();
    }

    @Test
    void eachMistakeGetsItsOwnSentence() {
        assertThat(StepConfig.parse(null, VAULT)).isInstanceOf(StepConfig.Parsed.Invalid.class);
        assertThat(problem(settings(StepConfig.SERVER_URL, null))).contains("URL is not set");
        assertThat(problem(settings(StepConfig.SERVER_URL, "ftp://pims"))).contains("http(s)");
        assertThat(problem(settings(StepConfig.SERVER_URL, "https://pims?x=1"))).contains("no query");
        assertThat(problem(settings(StepConfig.SERVER_URL, "https://u:p@pims"))).contains("no user");
        assertThat(problem(settings(StepConfig.SERVER_URL, "https://bad host"))).contains("not a URL");
        assertThat(problem(settings(StepConfig.API_KEY, " "))).contains("API key is not set");
        assertThat(problem(settings(StepConfig.API_KEY, "${vault.other}"))).contains("vault");
        assertThat(problem(settings(StepConfig.API_KEY, "a key"))).contains("header");
        assertThat(problem(settings(StepConfig.TIMEOUT_MS, "0"))).contains("whole milliseconds");
        assertThat(problem(settings(StepConfig.TIMEOUT_MS, "5s"))).contains("whole milliseconds");
        assertThat(problem(settings(StepConfig.TIMEOUT_MS, "60001"))).contains("whole milliseconds");
        assertThat(problem(settings(StepConfig.CONNECT_TIMEOUT_MS, "3000", StepConfig.TIMEOUT_MS, "2000")))
                .contains("shorter");
    }

    @Test
    void whatTheUserTypesLosesSpacesAndDashesAndCase() {
        assertThat(PimsOtpAuthenticator.normalized(" 12 34-56 AB ")).isEqualTo("123456ab");
        assertThat(PimsOtpAuthenticator.normalized("  ")).isNull();
        assertThat(PimsOtpAuthenticator.normalized(null)).isNull();
        assertThat(PimsOtpAuthenticator.normalized("9".repeat(1000))).hasSize(65);
    }
}
