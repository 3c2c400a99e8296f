package dev.pims.sdk.internal.config;

import java.util.Optional;

/**
 * The facade configuration (pims-sdk.md section 2). Optional values are null when unset. Carries the
 * client secret: {@link #toString()} hides it.
 */
public record SdkConfig(
        String environment,
        String mode,
        String logLevel,
        String newLogFile,
        Integer newLogTimeDuration,
        String clientId,
        String clientSecret,
        String macId,
        String inWeboUrl,
        String serverUrl,
        String webviewsRedirectUri,
        String loginRedirectUri,
        String brand,
        String storagePath) {

    /** True when StrongAuthentication can run: macID and inWeboURL are both set. */
    public boolean strongConfigured() {
        return macId != null && inWeboUrl != null;
    }

    /** The account server's base URL: {@code credential.serverURL}, else {@code credential.inWeboURL}. */
    public Optional<String> accountBaseUrl() {
        return Optional.ofNullable(serverUrl != null ? serverUrl : inWeboUrl);
    }

    public Optional<String> storage() {
        return Optional.ofNullable(storagePath);
    }

    @Override
    public String toString() {
        return "SdkConfig[environment=" + environment + ", mode=" + mode + ", clientId=" + clientId
                + ", macId=" + macId + ", inWeboUrl=" + inWeboUrl + ", serverUrl=" + serverUrl
                + ", brand=" + brand + ", storagePath=" + storagePath + "]";
    }
}
