package dev.pims.server;

import java.util.Locale;
import java.util.Optional;

/**
 * Production (the default) or development. Only a development server has the public OAuth client
 * {@code pims-dev} and the SMS outbox (codes readable through {@code GET /admin/v1/sms-outbox}); one asks for it
 * with {@code pims server --dev} or {@code pims.mode=development}, and {@code pims demo} uses it.
 */
public enum RunMode {
    PRODUCTION("production"), DEVELOPMENT("development");

    private final String setting;

    RunMode(String setting) {
        this.setting = setting;
    }

    /** The value of {@code pims.mode}. */
    public String setting() {
        return setting;
    }

    public static Optional<RunMode> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (RunMode m : values()) {
            if (m.setting.equals(t)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
