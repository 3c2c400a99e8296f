package dev.pims.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.console.ConsoleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console session lifetimes (docs/operations.md): file key, environment name, defaults, bad values. */
class ConsoleSettingsTest {
    @TempDir
    Path dir;

    private static ConsoleConfig of(Optional<Path> file, Map<String, String> env) {
        return Settings.load(file, env, Map.of()).builder().build().console();
    }

    @Test
    void defaultsFileAndEnvironment() throws Exception {
        assertThat(of(Optional.empty(), Map.of())).isEqualTo(ConsoleConfig.defaults());
        assertThat(ConsoleConfig.defaults().sessionIdle()).isEqualTo(Duration.ofMinutes(15));
        assertThat(ConsoleConfig.defaults().sessionAbsolute()).isEqualTo(Duration.ofHours(8));
        Path file = Files.writeString(dir.resolve("pims.properties"), """
                pims.console.session-idle-minutes=5
                pims.console.session-absolute-minutes=60
                """);
        assertThat(of(Optional.of(file), Map.of()))
                .isEqualTo(new ConsoleConfig(Duration.ofMinutes(5), Duration.ofMinutes(60)));
        assertThat(of(Optional.of(file), Map.of("PIMS_CONSOLE_SESSION_IDLE_MINUTES", "7")).sessionIdle())
                .isEqualTo(Duration.ofMinutes(7));
        assertThat(of(Optional.empty(), Map.of("PIMS_CONSOLE_SESSION_ABSOLUTE_MINUTES", "30")).sessionAbsolute())
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(Settings.Key.CONSOLE_SESSION_IDLE_MINUTES.env()).isEqualTo("PIMS_CONSOLE_SESSION_IDLE_MINUTES");
        assertThat(Settings.Key.CONSOLE_SESSION_ABSOLUTE_MINUTES.env())
                .isEqualTo("PIMS_CONSOLE_SESSION_ABSOLUTE_MINUTES");
    }

    @Test
    void aLifetimeThatIsNotPositiveOrAnIdleLongerThanTheAbsoluteIsNamedInOneLine() {
        for (String bad : new String[] {"0", "-5", "15m", "PT15M", "1441"}) {
            assertThatThrownBy(() -> of(Optional.empty(), Map.of("PIMS_CONSOLE_SESSION_IDLE_MINUTES", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pims.console.session-idle-minutes (env) must be an integer between 1 and 1440");
        }
        assertThatThrownBy(() -> of(Optional.empty(), Map.of("PIMS_CONSOLE_SESSION_ABSOLUTE_MINUTES", "0")))
                .hasMessage("pims.console.session-absolute-minutes (env) must be an integer between 1 and 43200");
        assertThatThrownBy(() -> of(Optional.empty(), Map.of("PIMS_CONSOLE_SESSION_ABSOLUTE_MINUTES", "10")))
                .hasMessage("pims.console.session-idle-minutes (15, default) is longer than"
                        + " pims.console.session-absolute-minutes (10, env): make the idle lifetime at most the"
                        + " absolute one");
        assertThatThrownBy(() -> new ConsoleConfig(Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConsoleConfig(Duration.ofHours(2), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
