package dev.pims.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.accountapi.AccountSecurityConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The account API's settings (docs/operations.md) reach the server configuration; bad values get one line. */
class AccountSecuritySettingsTest {

    private static AccountSecurityConfig of(Map<String, String> env) {
        return Settings.load(Optional.empty(), env, Map.of()).builder().build().accountSecurity();
    }

    @Test
    void defaultsAndOverrides() {
        AccountSecurityConfig d = of(Map.of());
        assertThat(d.coolingOff()).isEqualTo(Duration.ofHours(24));
        assertThat(d.passwordThreads()).isEqualTo(AccountSecurityConfig.defaults().passwordThreads());
        assertThat(d.passwordQueue()).isEqualTo(4 * d.passwordThreads());
        assertThat(d.codeFailuresPerMinute()).isEqualTo(12);
        assertThat(d.codeFailureCeilingPerMinute()).isEqualTo(600);
        AccountSecurityConfig c = of(Map.of("PIMS_ACCOUNT_COOLING_OFF_HOURS", "48", "PIMS_PASSWORD_THREADS", "3",
                "PIMS_PASSWORD_QUEUE", "5", "PIMS_LIMITS_CODE_FAILURES_PER_MINUTE", "6",
                "PIMS_LIMITS_CODE_FAILURE_CEILING_PER_MINUTE", "0"));
        assertThat(c.coolingOff()).isEqualTo(Duration.ofHours(48));
        assertThat(c.passwordThreads()).isEqualTo(3);
        assertThat(c.passwordQueue()).isEqualTo(5);
        assertThat(c.codeFailuresPerMinute()).isEqualTo(6);
        assertThat(c.codeFailureCeilingPerMinute()).isZero();
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> of(Map.of("PIMS_PASSWORD_THREADS", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pims.password.threads")
                .hasMessageContaining("between 0 and 64");
        assertThatThrownBy(() -> of(Map.of("PIMS_ACCOUNT_COOLING_OFF_HOURS", "-1")))
                .hasMessageContaining("pims.account.cooling-off-hours");
    }
}
