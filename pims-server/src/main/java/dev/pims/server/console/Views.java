package dev.pims.server.console;

import dev.pims.server.account.AccountRepository;
import dev.pims.server.admin.UserAdminService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** What each console template receives: immutable records, no service, no secret beyond the one a page shows. */
public final class Views {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** A time for people: {@code 2026-01-01 12:00:00 UTC}; empty for null. */
    public static String time(Long epochMillis) {
        return epochMillis == null ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The part of every signed-in page: title, active navigation entry, CSRF token, notice or error. */
    public record Frame(String title, String nav, String csrf, boolean outbox, String notice, String error) {
        public Frame withError(String e) {
            return new Frame(title, nav, csrf, outbox, null, e);
        }
    }

    public record SignInPage(String csrf, String message, boolean error) { }

    public record OverviewPage(Frame frame, Overview.Figures figures, List<Chart> charts, String updatedAt) { }

    /** {@code prev}/{@code next}: links to the neighbouring pages, null at either end. */
    public record UsersPage(Frame frame, String q, UserAdminService.UserPage page, String prev, String next,
            List<AccountRepository.Summary> items) { }

    public record DeviceRow(String id, String name, String state, String macid, String created, String lastUsed,
            boolean canDisable, boolean canEnable) { }

    /** {@code code}: an activation code just issued (shown this once), else null. */
    public record UserPage(Frame frame, String login, String path, String state, boolean blocked, int pinErrors,
            String pinLockedUntil, String phoneNumber, boolean hasPin, int activations, String created,
            List<DeviceRow> devices, List<String> macids, IssuedCode code) { }

    public record IssuedCode(String code, String macid, String expiresAt) {
        @Override
        public String toString() {
            return "IssuedCode[" + macid + "]";
        }
    }

    public record IntegrationRow(String macid, String path, int pinMin, int pinMax, int maxPinErrors, int maxDevices,
            int codeLength, int rsaBits, boolean pinless, String created) { }

    public record IntegrationsPage(Frame frame, List<IntegrationRow> items) { }

    /** One editable setting: {@code kind} is number, checkbox or text. */
    public record Field(String name, String label, String kind, String value, String help) {
        public boolean checked() {
            return "true".equals(value);
        }
    }

    public record FieldGroup(String title, List<Field> fields) { }

    public record IntegrationPage(Frame frame, String macid, String path, int rsaBits, String kfact, String created,
            List<FieldGroup> groups) { }

    /** {@code integrations}: the macids the key may verify for, or "every integration (legacy key)". */
    public record ApiKeyRow(String id, String name, String integrations, String created, String revoked,
            boolean active) { }

    /** {@code secret}: the key just created (shown this once), else null. */
    /** {@code macids}: every integration, offered in the form; the default one is checked. */
    public record ApiKeysPage(Frame frame, List<ApiKeyRow> keys, String secret, String secretName, List<String> macids,
            String defaultMacid) { }

    public record AuditRow(long id, String at, String login, String userPath, String deviceId, String event,
            String outcome, boolean ok) { }

    public record AuditPage(Frame frame, String login, String event, String from, String to, List<AuditRow> rows,
            String next, String first, List<String> events) { }

    public record OutboxRow(String sentAt, String phoneNumber, String code, String text) { }

    public record OutboxPage(Frame frame, String phone, List<OutboxRow> rows) { }

    public record ErrorPage(Frame frame, int status, String message) { }
}
