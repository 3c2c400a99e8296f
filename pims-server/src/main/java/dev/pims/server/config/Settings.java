package dev.pims.server.config;

import dev.pims.server.RunMode;
import dev.pims.server.ServerConfig;
import dev.pims.server.accountapi.AccountSecurityConfig;
import dev.pims.server.console.ConsoleConfig;
import dev.pims.server.limits.AddressLimits;
import dev.pims.server.housekeeping.HousekeepingConfig;
import dev.pims.server.ops.OpsConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server settings from, in decreasing precedence: command-line options, {@code PIMS_*} environment variables,
 * a {@code key=value} file ({@code pims server --config FILE}, Java properties syntax), then the defaults. Every
 * key has one environment name: upper case, dots and dashes turned into underscores ({@code pims.db.url} ->
 * {@code PIMS_DB_URL}). Unknown keys in the file are refused (typos must not pass silently); other
 * {@code PIMS_*} variables are left alone. docs/operations.md lists every setting.
 */
public final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);

    /** One setting: its key, default ("" = none) and whether it is a secret (never logged or echoed). */
    public enum Key {
        HOST("pims.host", "0.0.0.0", false),
        PORT("pims.port", "8080", false),
        DATA("pims.data", "pims-data", false),
        DB_URL("pims.db.url", "", false),
        DB_USER("pims.db.user", "", false),
        DB_PASSWORD("pims.db.password", "", true),
        ADMIN_TOKEN("pims.admin-token", "", true),
        MASTER_KEY("pims.master-key", "", true),
        KEY_POOL_SIZE("pims.key-pool-size", "8", false),
        TLS_KEYSTORE("pims.tls.keystore", "", false),
        TLS_KEYSTORE_PASSWORD("pims.tls.keystore-password", "", true),
        TLS_KEYSTORE_TYPE("pims.tls.keystore-type", "PKCS12", false),
        TRUSTED_PROXIES("pims.trusted-proxies", "", false),
        METRICS_TOKEN("pims.metrics.token", "", true),
        METRICS_PUBLIC("pims.metrics.public", "false", false),
        ADMIN_PER_MINUTE("pims.limits.admin-per-minute", "600", false),
        DEVICE_PER_MINUTE("pims.limits.device-per-minute", "600", false),
        VERIFY_PER_MINUTE("pims.limits.verify-per-minute", "1200", false),
        METRICS_PER_MINUTE("pims.limits.metrics-per-minute", "120", false),
        TOKEN_PER_MINUTE("pims.limits.token-per-minute", "60", false),
        LIMITS_IPV6_PREFIX("pims.limits.ipv6-prefix", "64", false),
        LIMITS_MAX_ADDRESSES("pims.limits.max-addresses", "50000", false),
        READY_TIMEOUT_MS("pims.health.ready-timeout-ms", "2000", false),
        COOLING_OFF_HOURS("pims.account.cooling-off-hours", "24", false),
        PASSWORD_THREADS("pims.password.threads", "0", false),
        PASSWORD_QUEUE("pims.password.queue", "0", false),
        CODE_FAILURES_PER_MINUTE("pims.limits.code-failures-per-minute", "12", false),
        CODE_FAILURE_CEILING("pims.limits.code-failure-ceiling-per-minute", "600", false),
        HOUSEKEEPING_INTERVAL_S("pims.housekeeping.interval-s", "60", false),
        AUDIT_RETENTION_DAYS("pims.audit.retention-days", "90", false),
        CONSOLE_SESSION_IDLE_MINUTES("pims.console.session-idle-minutes", "15", false),
        CONSOLE_SESSION_ABSOLUTE_MINUTES("pims.console.session-absolute-minutes", "480", false),
        MODE("pims.mode", "production", false),
        SMS_WEBHOOK_URL("pims.sms.webhook-url", "", false),
        SMS_WEBHOOK_TOKEN("pims.sms.webhook-token", "", true),
        SMS_WEBHOOK_HEADER("pims.sms.webhook-header", "Authorization", false),
        SMS_WEBHOOK_TIMEOUT_MS("pims.sms.webhook-timeout-ms", "10000", false),
        LOG_FORMAT("pims.log.format", "text", false);

        public final String key;
        public final String defaultValue;
        public final boolean secret;

        Key(String key, String defaultValue, boolean secret) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.secret = secret;
        }

        public String env() {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        static Optional<Key> of(String key) {
            return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
        }
    }

    private final Map<Key, String> values;
    private final Map<Key, String> sources;

    private Settings(Map<Key, String> values, Map<Key, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /**
     * @param file the {@code --config} file, if any
     * @param env the environment ({@code System.getenv()})
     * @param cli settings given on the command line, by key ({@code pims.port} ...)
     */
    public static Settings load(Optional<Path> file, Map<String, String> env, Map<String, String> cli) {
        Map<Key, String> values = new LinkedHashMap<>();
        Map<Key, String> sources = new LinkedHashMap<>();
        for (Key k : Key.values()) {
            values.put(k, k.defaultValue);
            sources.put(k, "default");
        }
        if (file.isPresent()) {
            Properties p = read(file.get());
            boolean hasSecret = false;
            for (String name : p.stringPropertyNames()) {
                Key k = Key.of(name).orElseThrow(() -> new IllegalArgumentException(
                        "unknown setting '" + name + "' in " + file.get() + " (see docs/operations.md)"));
                values.put(k, p.getProperty(name).strip());
                sources.put(k, "file");
                hasSecret |= k.secret;
            }
            if (hasSecret) {
                warnIfReadableByOthers(file.get());
            }
        }
        for (Key k : Key.values()) {
            String v = env.get(k.env());
            if (v != null && !v.isBlank()) {
                values.put(k, v.strip());
                sources.put(k, "env");
            }
        }
        for (Map.Entry<String, String> e : cli.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            Key k = Key.of(e.getKey()).orElseThrow(() -> new IllegalArgumentException("unknown setting " + e.getKey()));
            values.put(k, e.getValue().strip());
            sources.put(k, "command line");
        }
        return new Settings(values, sources);
    }

    public String get(Key k) {
        return values.get(k);
    }

    /** Where the value of {@code k} came from: command line, env, file or default. */
    public String source(Key k) {
        return sources.get(k);
    }

    /** One line naming the sources of non-default settings, without any value (safe to log). */
    public String describeSources() {
        StringBuilder sb = new StringBuilder();
        sources.forEach((k, s) -> {
            if (!s.equals("default")) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k.key).append(" from ").append(s);
            }
        });
        return sb.isEmpty() ? "all settings at their defaults" : sb.toString();
    }

    /** A builder with every setting applied (add clock, random, or more settings before {@code build()}). */
    public ServerConfig.Builder builder() {
        OpsConfig ops = OpsConfig.defaults()
                .withTls(path(Key.TLS_KEYSTORE), blank(get(Key.TLS_KEYSTORE_PASSWORD)))
                .withTlsKeystoreType(get(Key.TLS_KEYSTORE_TYPE))
                .withTrustedProxies(list(get(Key.TRUSTED_PROXIES)))
                .withMetrics(blank(get(Key.METRICS_TOKEN)), bool(Key.METRICS_PUBLIC))
                .withLimits(new AddressLimits(integer(Key.DEVICE_PER_MINUTE, 0, 1_000_000),
                        integer(Key.VERIFY_PER_MINUTE, 0, 1_000_000), integer(Key.ADMIN_PER_MINUTE, 0, 1_000_000),
                        integer(Key.METRICS_PER_MINUTE, 0, 1_000_000), integer(Key.TOKEN_PER_MINUTE, 0, 1_000_000),
                        integer(Key.LIMITS_IPV6_PREFIX, 1, 128), integer(Key.LIMITS_MAX_ADDRESSES, 1, 10_000_000)))
                .withReadinessTimeoutMillis(integer(Key.READY_TIMEOUT_MS, 100, 60_000));
        return ServerConfig.builder().host(get(Key.HOST)).port(integer(Key.PORT, 0, 65535))
                .dataDir(Path.of(get(Key.DATA))).jdbcUrl(blank(get(Key.DB_URL))).dbUser(blank(get(Key.DB_USER)))
                .dbPassword(blank(get(Key.DB_PASSWORD))).adminToken(blank(get(Key.ADMIN_TOKEN)))
                .masterKey(blank(get(Key.MASTER_KEY))).keyPoolSize(integer(Key.KEY_POOL_SIZE, 1, 256)).ops(ops)
                .accountSecurity(accountSecurity())
                .housekeeping(HousekeepingConfig.defaults()
                        .withInterval(Duration.ofSeconds(integer(Key.HOUSEKEEPING_INTERVAL_S, 1, 86_400)))
                        .withAuditRetentionDays(integer(Key.AUDIT_RETENTION_DAYS, 0, 36_500)))
                .console(console()).mode(mode()).smsWebhookUrl(blank(get(Key.SMS_WEBHOOK_URL)))
                .smsWebhookToken(blank(get(Key.SMS_WEBHOOK_TOKEN))).smsWebhookHeader(blank(get(Key.SMS_WEBHOOK_HEADER)))
                .smsWebhookTimeout(java.time.Duration.ofMillis(integer(Key.SMS_WEBHOOK_TIMEOUT_MS, 100, 120_000)));
    }

    /** The account API's defences; 0 threads / queue = the defaults (half the cores, four checks per thread). */
    private AccountSecurityConfig accountSecurity() {
        AccountSecurityConfig d = AccountSecurityConfig.defaults();
        int threads = integer(Key.PASSWORD_THREADS, 0, 64);
        int queue = integer(Key.PASSWORD_QUEUE, 0, 1024);
        int t = threads == 0 ? d.passwordThreads() : threads;
        return d.withCoolingOff(java.time.Duration.ofHours(integer(Key.COOLING_OFF_HOURS, 0, 24 * 30)))
                .withPasswordPool(t, queue == 0 ? 4 * t : queue)
                .withCodeFailures(integer(Key.CODE_FAILURES_PER_MINUTE, 0, 100_000),
                        integer(Key.CODE_FAILURE_CEILING, 0, 10_000_000));
    }

    /** The console's session lifetimes: whole minutes, idle at most a day and at most the absolute lifetime. */
    private ConsoleConfig console() {
        int idle = integer(Key.CONSOLE_SESSION_IDLE_MINUTES, 1, 24 * 60);
        int absolute = integer(Key.CONSOLE_SESSION_ABSOLUTE_MINUTES, 1, 30 * 24 * 60);
        if (idle > absolute) {
            throw new IllegalArgumentException(Key.CONSOLE_SESSION_IDLE_MINUTES.key + " (" + idle + ", "
                    + source(Key.CONSOLE_SESSION_IDLE_MINUTES) + ") is longer than "
                    + Key.CONSOLE_SESSION_ABSOLUTE_MINUTES.key + " (" + absolute + ", "
                    + source(Key.CONSOLE_SESSION_ABSOLUTE_MINUTES) + "): make the idle lifetime at most the absolute one");
        }
        return new ConsoleConfig(Duration.ofMinutes(idle), Duration.ofMinutes(absolute));
    }

    /** {@code pims.mode}: production (the default) or development. */
    public RunMode mode() {
        return RunMode.parse(get(Key.MODE)).orElseThrow(() -> new IllegalArgumentException(Key.MODE.key + " ("
                + source(Key.MODE) + ") must be production or development"));
    }

    /** {@code pims.log.format}: true for one JSON object per line, false for text lines. */
    public boolean jsonLogs() {
        String v = get(Key.LOG_FORMAT).toLowerCase(Locale.ROOT);
        if (v.equals("json") || v.equals("text")) {
            return v.equals("json");
        }
        throw new IllegalArgumentException(Key.LOG_FORMAT.key + " (" + source(Key.LOG_FORMAT) + ") must be text or json");
    }

    private Path path(Key k) {
        String v = blank(get(k));
        return v == null ? null : Path.of(v);
    }

    private int integer(Key k, int min, int max) {
        try {
            int v = Integer.parseInt(get(k));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(k.key + " (" + source(k) + ") must be an integer between " + min + " and "
                + max);
    }

    private boolean bool(Key k) {
        String v = get(k).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(k.key + " (" + source(k) + ") must be true or false");
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blank(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the settings file " + file.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + "): check the path given to --config", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the settings file " + file.toAbsolutePath() + " is not in key=value"
                    + " form (" + e.getMessage() + ")", e);
        }
        return p;
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("{} holds secrets but is readable by group or others: chmod 600 it", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
