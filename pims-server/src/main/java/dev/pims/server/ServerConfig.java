package dev.pims.server;

import dev.pims.server.accountapi.AccountSecurityConfig;
import dev.pims.server.console.ConsoleConfig;
import dev.pims.server.housekeeping.HousekeepingConfig;
import dev.pims.server.sms.SmsConfig;
import java.net.URI;
import dev.pims.server.ops.OpsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * How to run one server. {@code jdbcUrl} empty = embedded H2 under {@code dataDir}. {@code adminToken} and
 * {@code masterKey} empty = environment ({@code PIMS_ADMIN_TOKEN}, {@code PIMS_MASTER_KEY}) or the files
 * {@code dataDir/admin-token} and {@code dataDir/master.key} (created at first start, mode 0600). {@code sms}:
 * a webhook when its URL is set ({@code PIMS_SMS_WEBHOOK_URL}, {@code PIMS_SMS_WEBHOOK_TOKEN}); otherwise the
 * development outbox in {@link RunMode#DEVELOPMENT} and no sender at all in production. {@code mode}: production
 * unless asked for ({@link Builder#development()}).
 * {@code cacheTtl}: how long a node uses an integration (policy, limits) or an API key it read before reading it
 * again (docs/architecture.md, "Caches"). {@code dataSourceWrapper}: tests only (a statement counter).
 * {@code console}: the web console's session lifetimes.
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<String> jdbcUrl, Optional<String> dbUser,
        Optional<String> dbPassword, Optional<String> adminToken, Optional<String> masterKey, Clock clock,
        SecureRandom random, int keyPoolSize, SmsConfig sms, OpsConfig ops, Duration cacheTtl,
        UnaryOperator<DataSource> dataSourceWrapper, AccountSecurityConfig accountSecurity,
        HousekeepingConfig housekeeping, RunMode mode, ConsoleConfig console) {

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ServerConfig[" + host + ":" + port + ", " + dataDir + ", " + mode.setting() + "]";
    }

    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Path dataDir = Path.of("pims-data");
        private String jdbcUrl;
        private String dbUser;
        private String dbPassword;
        private String adminToken;
        private String masterKey;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private int keyPoolSize = 8;
        private String smsWebhookUrl;
        private String smsWebhookToken;
        private String smsWebhookHeader;
        private Duration smsWebhookTimeout;
        private OpsConfig ops = OpsConfig.defaults();
        private AccountSecurityConfig accountSecurity = AccountSecurityConfig.defaults();
        private Duration cacheTtl = Duration.ofSeconds(1);
        private UnaryOperator<DataSource> dataSourceWrapper = UnaryOperator.identity();
        private HousekeepingConfig housekeeping = HousekeepingConfig.defaults();
        private RunMode mode = RunMode.PRODUCTION;
        private ConsoleConfig console = ConsoleConfig.defaults();

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder jdbcUrl(String v) { jdbcUrl = v; return this; }
        public Builder dbUser(String v) { dbUser = v; return this; }
        public Builder dbPassword(String v) { dbPassword = v; return this; }
        /** Fixes the admin token (tests, demo); otherwise environment or file. */
        public Builder adminToken(String v) { adminToken = v; return this; }
        /** Fixes the master key (64 hex or base64); otherwise environment or file. */
        public Builder masterKey(String v) { masterKey = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder random(SecureRandom v) { random = v; return this; }
        public Builder keyPoolSize(int v) { keyPoolSize = v; return this; }
        /** SMS through an HTTP webhook (a real SMS gateway) instead of the development outbox. */
        public Builder smsWebhookUrl(String v) { smsWebhookUrl = v; return this; }
        /** Secret sent to the webhook ({@code Authorization: Bearer <token>} unless another header is set). */
        public Builder smsWebhookToken(String v) { smsWebhookToken = v; return this; }
        public Builder smsWebhookHeader(String v) { smsWebhookHeader = v; return this; }
        public Builder smsWebhookTimeout(Duration v) { smsWebhookTimeout = v; return this; }
        /** TLS, trusted proxies, metrics access, server-wide limits (docs/operations.md). */
        public Builder ops(OpsConfig v) { ops = v; return this; }
        /** Cooling-off, password pool, per-address failure budgets (docs/security.md). */
        public Builder accountSecurity(AccountSecurityConfig v) { accountSecurity = v; return this; }
        /** How long a node may use an integration or API key it read (default 1 s): changes made on another node
         *  take effect within this time; on the node that made them, at once. */
        public Builder cacheTtl(Duration v) { cacheTtl = v; return this; }
        /** Tests only: wraps the connection pool for every transaction (a counting DataSource). */
        public Builder dataSourceWrapper(UnaryOperator<DataSource> v) { dataSourceWrapper = v; return this; }
        /** Purge interval, audit retention, batch size (docs/operations.md, "Housekeeping"). */
        public Builder housekeeping(HousekeepingConfig v) { housekeeping = v; return this; }

        /** Console session lifetimes: idle and absolute (docs/operations.md, "Web console"). */
        public Builder console(ConsoleConfig v) { console = v; return this; }

        /** Production (the default) or development: the {@code pims-dev} client and the SMS outbox. */
        public Builder mode(RunMode v) { mode = v; return this; }
        /** Development mode ({@code pims server --dev}, the demo, the tests). */
        public Builder development() { mode = RunMode.DEVELOPMENT; return this; }

        /** Reads {@code PIMS_ADMIN_TOKEN} and {@code PIMS_MASTER_KEY} where not set explicitly. */
        public Builder fromEnvironment() {
            if (adminToken == null) {
                adminToken = System.getenv("PIMS_ADMIN_TOKEN");
            }
            if (masterKey == null) {
                masterKey = System.getenv("PIMS_MASTER_KEY");
            }
            if (smsWebhookUrl == null) {
                smsWebhookUrl = System.getenv("PIMS_SMS_WEBHOOK_URL");
            }
            if (smsWebhookToken == null) {
                smsWebhookToken = System.getenv("PIMS_SMS_WEBHOOK_TOKEN");
            }
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, dataDir, blank(jdbcUrl), blank(dbUser), blank(dbPassword),
                    blank(adminToken), blank(masterKey), clock, random, keyPoolSize, sms(), ops, cacheTtl,
                    dataSourceWrapper, accountSecurity, housekeeping, mode, console);
        }

        private SmsConfig sms() {
            if (blank(smsWebhookUrl).isEmpty()) {
                return SmsConfig.outbox();
            }
            URI uri;
            try {
                uri = URI.create(smsWebhookUrl.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the SMS webhook URL is not a valid URI");
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("the SMS webhook URL must be http or https");
            }
            return SmsConfig.webhook(uri, smsWebhookToken, smsWebhookHeader, smsWebhookTimeout);
        }

        private static Optional<String> blank(String s) {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
        }
    }
}
