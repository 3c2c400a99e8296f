package dev.pims.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
        Path file = dir.resolve("pims.properties");
        Files.writeString(file, """
                # comment
                pims.port = 9000
                pims.host=10.0.0.5
                pims.data=/srv/pims
                pims.trusted-proxies=10.0.0.1, 10.1.0.0/16
                pims.metrics.public=true
                """);
        Map<String, String> env = Map.of("PIMS_PORT", "9100", "PIMS_DATA", "/env/data", "PIMS_OTHER_THING", "x");
        Map<String, String> cli = new HashMap<>();
        cli.put("pims.port", "9200");
        cli.put("pims.host", null); // option not given
        Settings s = Settings.load(Optional.of(file), env, cli);
        assertThat(s.get(Settings.Key.PORT)).isEqualTo("9200");
        assertThat(s.source(Settings.Key.PORT)).isEqualTo("command line");
        assertThat(s.get(Settings.Key.DATA)).isEqualTo("/env/data");
        assertThat(s.get(Settings.Key.HOST)).isEqualTo("10.0.0.5");
        assertThat(s.get(Settings.Key.KEY_POOL_SIZE)).isEqualTo("8");
        ServerConfig c = s.builder().build();
        assertThat(c.port()).isEqualTo(9200);
        assertThat(c.host()).isEqualTo("10.0.0.5");
        assertThat(c.dataDir()).isEqualTo(Path.of("/env/data"));
        assertThat(c.ops().trustedProxies()).containsExactly("10.0.0.1", "10.1.0.0/16");
        assertThat(c.ops().metricsPublic()).isTrue();
        assertThat(c.ops().adminRequestsPerMinute()).isEqualTo(600);
        assertThat(c.jdbcUrl()).isEmpty();
        assertThat(s.describeSources()).contains("pims.port from command line").doesNotContain("9200");
    }

    @Test
    void secretsComeFromTheEnvironmentAndAreNeverDescribed() {
        Map<String, String> env = Map.of("PIMS_ADMIN_TOKEN", "tok-123456789", "PIMS_MASTER_KEY", "00".repeat(32),
                "PIMS_DB_URL", "jdbc:postgresql://db/pims", "PIMS_DB_PASSWORD", "pw-secret",
                "PIMS_TLS_KEYSTORE", "/etc/pims/tls.p12", "PIMS_TLS_KEYSTORE_PASSWORD", "ks-secret");
        Settings s = Settings.load(Optional.empty(), env, Map.of());
        ServerConfig c = s.builder().build();
        assertThat(c.adminToken()).contains("tok-123456789");
        assertThat(c.dbPassword()).contains("pw-secret");
        assertThat(c.jdbcUrl()).contains("jdbc:postgresql://db/pims");
        assertThat(c.ops().tlsKeystore()).contains(Path.of("/etc/pims/tls.p12"));
        assertThat(c.ops().tlsKeystorePassword()).contains("ks-secret");
        assertThat(s.describeSources() + c + c.ops()).doesNotContain("tok-123456789").doesNotContain("pw-secret")
                .doesNotContain("ks-secret");
    }

    @Test
    void everyKeyHasItsEnvironmentName() {
        assertThat(Settings.Key.DB_URL.env()).isEqualTo("PIMS_DB_URL");
        assertThat(Settings.Key.TLS_KEYSTORE_PASSWORD.env()).isEqualTo("PIMS_TLS_KEYSTORE_PASSWORD");
        assertThat(Settings.Key.ADMIN_PER_MINUTE.env()).isEqualTo("PIMS_LIMITS_ADMIN_PER_MINUTE");
        assertThat(List.of(Settings.Key.values())).allSatisfy(k -> assertThat(k.env()).startsWith("PIMS_"));
    }

    @Test
    void typosAndBadValuesAreRefused() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "pims.prot=8080\n");
        assertThatThrownBy(() -> Settings.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'pims.prot'");
        assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of("PIMS_PORT", "http"), Map.of()).builder())
                .hasMessageContaining("pims.port (env)");
        assertThatThrownBy(() -> Settings.load(Optional.empty(), Map.of("PIMS_METRICS_PUBLIC", "yes"), Map.of())
                .builder()).hasMessageContaining("true or false");
    }
}
