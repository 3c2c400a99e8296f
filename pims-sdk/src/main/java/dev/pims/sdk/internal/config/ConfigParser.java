package dev.pims.sdk.internal.config;

import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.internal.facade.Params;
import java.util.Optional;

/**
 * Reads {@code initialize} / {@code SET pims.sdk.configuration} parameters. Keys may arrive nested
 * ({@code credential -> {macID: ...}}) or flat ({@code "credential.macID"}).
 */
public final class ConfigParser {

    public static final String ENVIRONMENT = "environnement";
    public static final String MODE = "mode";
    public static final String LOG_LEVEL = "monitoring.logLevel";
    public static final String NEW_LOG_FILE = "monitoring.newLogFile";
    public static final String NEW_LOG_TIME_DURATION = "monitoring.newLogTimeDuration";
    public static final String CLIENT_ID = "credential.clientID";
    public static final String CLIENT_SECRET = "credential.clientSecret";
    public static final String MAC_ID = "credential.macID";
    public static final String INWEBO_URL = "credential.inWeboURL";
    public static final String SERVER_URL = "credential.serverURL";
    public static final String WEBVIEWS_REDIRECT_URI = "credential.webviewsRedirectURI";
    public static final String LOGIN_REDIRECT_URI = "credential.loginRedirectURI";
    public static final String BRAND = "profile.brand";
    public static final String STORAGE_PATH = "storage.path";

    private ConfigParser() {
    }

    /** A complete configuration for {@code initialize}: every required key must be present. */
    public static SdkConfig initial(Params p) throws SdkException {
        return parse(p, null);
    }

    /** {@code SET pims.sdk.configuration}: the given keys replace those of {@code base}. */
    public static SdkConfig update(SdkConfig base, Params p) throws SdkException {
        return parse(p, base);
    }

    private static SdkConfig parse(Params p, SdkConfig base) throws SdkException {
        boolean full = base == null;
        String environment = req(p, ENVIRONMENT, full, base == null ? null : base.environment(),
                "Production", "Preproduction", "development");
        String mode = req(p, MODE, full, base == null ? null : base.mode(), "B2C", "B2B");
        String logLevel = p.oneOf(LOG_LEVEL, "none", "low", "medium", "high")
                .orElse(base == null ? null : base.logLevel());
        String newLogFile = p.oneOf(NEW_LOG_FILE, "appLaunch", "day", "duration")
                .orElse(base == null ? null : base.newLogFile());
        Optional<Integer> duration = p.integer(NEW_LOG_TIME_DURATION);
        Integer newLogTimeDuration = duration.orElse(base == null ? null : base.newLogTimeDuration());
        if (duration.isPresent() && (duration.get() < 5 || duration.get() > 1440 || !"duration".equals(newLogFile))) {
            throw SdkError.invalid(NEW_LOG_TIME_DURATION).exception();
        }
        String clientId = req(p, CLIENT_ID, full, base == null ? null : base.clientId());
        String clientSecret = req(p, CLIENT_SECRET, full, base == null ? null : base.clientSecret());
        String macId = p.string(MAC_ID).orElse(base == null ? null : base.macId());
        if (macId != null && macId.isEmpty()) {
            throw SdkError.invalid(MAC_ID).exception();
        }
        String inWeboUrl = url(p, INWEBO_URL, base == null ? null : base.inWeboUrl());
        String serverUrl = url(p, SERVER_URL, base == null ? null : base.serverUrl());
        String webviews = req(p, WEBVIEWS_REDIRECT_URI, full, base == null ? null : base.webviewsRedirectUri());
        String login = req(p, LOGIN_REDIRECT_URI, full, base == null ? null : base.loginRedirectUri());
        String brand = req(p, BRAND, full, base == null ? null : base.brand(),
                "Peugeot", "Citroen", "Ds", "Opel", "Vauxhall");
        String storage = p.string(STORAGE_PATH).orElse(base == null ? null : base.storagePath());
        if (storage != null && storage.isEmpty()) {
            throw SdkError.invalid(STORAGE_PATH).exception();
        }
        return new SdkConfig(environment, mode, logLevel, newLogFile, newLogTimeDuration, clientId, clientSecret,
                macId, inWeboUrl, serverUrl, webviews, login, brand, storage);
    }

    private static String req(Params p, String key, boolean required, String fallback, String... values)
            throws SdkException {
        Optional<String> v = values.length == 0 ? p.string(key) : p.oneOf(key, values);
        if (v.isPresent()) {
            return v.get();
        }
        if (required) {
            throw SdkError.missing(key).exception();
        }
        return fallback;
    }

    private static String url(Params p, String key, String fallback) throws SdkException {
        Optional<String> v = p.string(key);
        if (!v.isPresent()) {
            return fallback;
        }
        String s = v.get().trim();
        if (!(s.startsWith("http://") || s.startsWith("https://")) || s.length() < 10) {
            throw SdkError.invalid(key).exception();
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
