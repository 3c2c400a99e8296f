package dev.pims.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.RunMode;
import dev.pims.server.ServerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings issue 9 added: mode, the SMS webhook (file key, environment, option), the log format. */
class OperatorSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theSmsWebhookModeAndLogFormatHaveFileKeysAndEnvironmentNames() throws Exception {
        Path file = dir.resolve("pims.properties");
        Files.writeString(file, """
                pims.mode=development
                pims.sms.webhook-url=https://gateway.internal/send
                pims.sms.webhook-header=X-Gateway-Key
                pims.sms.webhook-timeout-ms=2500
                pims.log.format=json
                """);
        Settings s = Settings.load(Optional.of(file), Map.of("PIMS_SMS_WEBHOOK_TOKEN", "gw-secret"), Map.of());
        ServerConfig c = s.builder().build();
        assertThat(c.mode()).isEqualTo(RunMode.DEVELOPMENT);
        assertThat(c.sms().webhookUrl()).contains(URI.create("https://gateway.internal/send"));
        assertThat(c.sms().webhookHeader()).isEqualTo("X-Gateway-Key");
        assertThat(c.sms().webhookTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.sms().webhookToken()).contains("gw-secret");
        assertThat(s.jsonLogs()).isTrue();
        assertThat(s.describeSources()).contains("pims.sms.webhook-token from env").doesNotContain("gw-secret");
        assertThat(Settings.Key.SMS_WEBHOOK_URL.env()).isEqualTo("PIMS_SMS_WEBHOOK_URL");
        assertThat(Settings.Key.MODE.env()).isEqualTo("PIMS_MODE");
        assertThat(Settings.Key.LOG_FORMAT.env()).isEqualTo("PIMS_LOG_FORMAT");
    }

    @Test
    void productionAndTextAreTheDefaultsAndBadValuesAreNamed() {
        Settings d = Settings.load(Optional.empty(), Map.of(), Map.of());
        assertThat(d.builder().build().mode()).isEqualTo(RunMode.PRODUCTION);
        assertThat(d.builder().build().sms().webhookUrl()).isEmpty();
        assertThat(d.jsonLogs()).isFalse();
        Settings bad = Settings.load(Optional.empty(), Map.of("PIMS_MODE", "test", "PIMS_LOG_FORMAT", "xml"), Map.of());
        assertThatThrownBy(bad::builder).hasMessage("pims.mode (env) must be production or development");
        assertThatThrownBy(bad::jsonLogs).hasMessage("pims.log.format (env) must be text or json");
    }
}
