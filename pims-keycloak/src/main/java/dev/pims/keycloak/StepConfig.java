package dev.pims.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The settings of one PIMS step, as a realm administrator typed them in the admin console (the execution's
 * config), checked. The API key is resolved through Keycloak's vault first, so that {@code ${vault.name}} is
 * the usual value; a plain key works too.
 */
public record StepConfig(URI verifyUri, String apiKey, boolean requirePin, Optional<String> loginAttribute,
        Duration connectTimeout, Duration timeout) {

    public static final String SERVER_URL = "pims.serverUrl";
    public static final String API_KEY = "pims.apiKey";
    public static final String REQUIRE_PIN = "pims.requirePin";
    public static final String LOGIN_ATTRIBUTE = "pims.loginAttribute";
    public static final String CONNECT_TIMEOUT_MS = "pims.connectTimeoutMs";
    public static final String TIMEOUT_MS = "pims.timeoutMs";

    static final String DEFAULT_CONNECT_TIMEOUT_MS = "2000";
    static final String DEFAULT_TIMEOUT_MS = "5000";
    private static final long MAX_TIMEOUT_MS = 60_000;

    public StepConfig {
        if (timeout.compareTo(connectTimeout) < 0) {
            throw new IllegalArgumentException("the timeout must not be shorter than the connect timeout");
        }
    }

    /** The outcome of reading a step's config: usable, or a sentence for the log saying what to fix. */
    public sealed interface Parsed {
        record Valid(StepConfig config) implements Parsed {
        }

        record Invalid(String problem) implements Parsed {
        }
    }

    /**
     * Reads a step's config. {@code resolveSecret} maps the API key setting to the key (Keycloak's vault
     * transcriber: a {@code ${vault.x}} reference becomes the vault's value, any other text stays itself,
     * a reference the vault lacks becomes null).
     */
    public static Parsed parse(Map<String, String> config, UnaryOperator<String> resolveSecret) {
        if (config == null) {
            return new Parsed.Invalid("the PIMS step has no configuration: add one in the flow (gear icon)");
        }
        String url = trimmed(config.get(SERVER_URL));
        if (url == null) {
            return new Parsed.Invalid("the PIMS server URL is not set");
        }
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            return new Parsed.Invalid("the PIMS server URL is not a URL");
        }
        if (!("https".equalsIgnoreCase(base.getScheme()) || "http".equalsIgnoreCase(base.getScheme()))
                || base.getHost() == null || base.getRawQuery() != null || base.getRawFragment() != null
                || base.getRawUserInfo() != null) {
            // user info is refused too: the URL is logged, and the API key is the only credential
            return new Parsed.Invalid("the PIMS server URL must be http(s)://host[:port][/path], no user, no query");
        }
        String keySetting = trimmed(config.get(API_KEY));
        if (keySetting == null) {
            return new Parsed.Invalid("the PIMS API key is not set");
        }
        String key = trimmed(resolveSecret.apply(keySetting));
        if (key == null) {
            return new Parsed.Invalid("the PIMS API key names a vault entry that the vault does not have");
        }
        if (!key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return new Parsed.Invalid("the PIMS API key holds characters an HTTP header cannot carry");
        }
        boolean requirePin = requirePin(config);
        Optional<Duration> connect = millis(config.getOrDefault(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS));
        Optional<Duration> total = millis(config.getOrDefault(TIMEOUT_MS, DEFAULT_TIMEOUT_MS));
        if (connect.isEmpty() || total.isEmpty()) {
            return new Parsed.Invalid("the PIMS timeouts must be whole milliseconds from 1 to " + MAX_TIMEOUT_MS);
        }
        if (total.get().compareTo(connect.get()) < 0) {
            return new Parsed.Invalid("the PIMS timeout must not be shorter than its connect timeout");
        }
        return new Parsed.Valid(new StepConfig(base.resolve("api/v1/otp/verify"), key, requirePin,
                Optional.ofNullable(trimmed(config.get(LOGIN_ATTRIBUTE))), connect.get(), total.get()));
    }

    /** The PIN setting alone (the OTP page's hint needs it even when other settings are wrong): default on. */
    public static boolean requirePin(Map<String, String> config) {
        String pin = config == null ? null : trimmed(config.get(REQUIRE_PIN));
        return pin == null || Boolean.parseBoolean(pin);
    }

    private static Optional<Duration> millis(String value) {
        String v = trimmed(value);
        if (v == null || v.length() > 6 || !v.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long ms = Long.parseLong(v);
        return ms < 1 || ms > MAX_TIMEOUT_MS ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** Never the key: this record is printed by nobody, but a careless log line must not leak it. */
    @Override
    public String toString() {
        return "StepConfig[" + verifyUri + ", requirePin=" + requirePin + ", loginAttribute=" + loginAttribute
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout + "]";
    }
}
