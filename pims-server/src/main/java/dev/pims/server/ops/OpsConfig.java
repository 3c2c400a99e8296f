package dev.pims.server.ops;

import dev.pims.server.limits.AddressLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Operational settings (docs/operations.md): TLS, trusted proxies, metrics access, per-address limits.
 *
 * @param tlsKeystore PKCS12 (or {@code tlsKeystoreType}) keystore: when present the server speaks HTTPS only
 * @param tlsKeystorePassword its password (never logged)
 * @param trustedProxies IP literals or CIDR blocks whose {@code X-Forwarded-For} is believed
 * @param metricsToken bearer token accepted on {@code /metrics} (besides the admin token)
 * @param metricsPublic {@code /metrics} without any token (only on a private network)
 * @param limits per-address request limits of this node (in memory), IPv6 prefix, memory ceiling
 * @param readinessTimeoutMillis how long {@code /health/ready} waits for the database
 */
public record OpsConfig(Optional<Path> tlsKeystore, Optional<String> tlsKeystorePassword, String tlsKeystoreType,
        List<String> trustedProxies, Optional<String> metricsToken, boolean metricsPublic, AddressLimits limits,
        int readinessTimeoutMillis) {

    public static OpsConfig defaults() {
        return new OpsConfig(Optional.empty(), Optional.empty(), "PKCS12", List.of(), Optional.empty(), false,
                AddressLimits.defaults(), 2000);
    }

    public OpsConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** Admin API requests per client address per minute (0 = no limit). */
    public int adminRequestsPerMinute() {
        return limits.adminPerMinute();
    }

    public OpsConfig withTls(Path keystore, String password) {
        return new OpsConfig(Optional.ofNullable(keystore), Optional.ofNullable(password), tlsKeystoreType,
                trustedProxies, metricsToken, metricsPublic, limits, readinessTimeoutMillis);
    }

    public OpsConfig withTrustedProxies(List<String> proxies) {
        return new OpsConfig(tlsKeystore, tlsKeystorePassword, tlsKeystoreType, proxies, metricsToken, metricsPublic,
                limits, readinessTimeoutMillis);
    }

    public OpsConfig withMetrics(String token, boolean isPublic) {
        return new OpsConfig(tlsKeystore, tlsKeystorePassword, tlsKeystoreType, trustedProxies,
                Optional.ofNullable(token).filter(t -> !t.isBlank()), isPublic, limits, readinessTimeoutMillis);
    }

    public OpsConfig withAdminRequestsPerMinute(int v) {
        return withLimits(limits.withAdminPerMinute(v));
    }

    public OpsConfig withLimits(AddressLimits v) {
        return new OpsConfig(tlsKeystore, tlsKeystorePassword, tlsKeystoreType, trustedProxies, metricsToken,
                metricsPublic, v, readinessTimeoutMillis);
    }

    public OpsConfig withReadinessTimeoutMillis(int v) {
        return new OpsConfig(tlsKeystore, tlsKeystorePassword, tlsKeystoreType, trustedProxies, metricsToken,
                metricsPublic, limits, v);
    }

    public OpsConfig withTlsKeystoreType(String type) {
        return new OpsConfig(tlsKeystore, tlsKeystorePassword, type, trustedProxies, metricsToken, metricsPublic,
                limits, readinessTimeoutMillis);
    }

    @Override
    public String toString() {
        return "OpsConfig[tls=" + tlsKeystore.isPresent() + ", trustedProxies=" + trustedProxies + ", metricsPublic="
                + metricsPublic + ", limits=" + limits + "]";
    }
}
