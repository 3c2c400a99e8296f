package dev.pims.server;

import dev.pims.server.sms.SmsConfig;
import java.net.URI;
import dev.pims.server.ops.OpsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * How to run one server. {@code jdbcUrl} empty = embedded H2 under {@code dataDir}. {@code adminToken} and
 * {@code masterKey} empty = environment ({@code PIMS_ADMIN_TOKEN}, {@code PIMS_MASTER_KEY}) or the files
 * {@code dataDir/admin-token} and {@code dataDir/master.key} (created at first start, mode 0600). {@code sms}:
 * a webhook when its URL is set ({@code PIMS_SMS_WEBHOOK_URL}, {@code PIMS_SMS_WEBHOOK_TOKEN}); otherwise the
 * development outbox in {@link RunMode#DEVELOPMENT} and no sender at all in production. {@code mode}: production
 * unless asked for ({@link Builder#development()}).
 */
public record ServerConfig(String host, int port, Path dataDir, Optional<String> jdbcUrl, Optional<String> dbUser,
        Optional<String> dbPassword, Optional<String> adminToken, Optional<String> masterKey, Clock clock,
        SecureRandom random, int keyPoolSize, SmsConfig sms, OpsConfig ops, RunMode mode) {

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
        private RunMode mode = RunMode.PRODUCTION;

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
                    blank(adminToken), blank(masterKey), clock, random, keyPoolSize, sms(), ops, mode);
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
