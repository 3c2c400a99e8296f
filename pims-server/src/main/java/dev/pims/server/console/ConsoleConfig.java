package dev.pims.server.console;

import java.time.Duration;

/**
 * How long console sessions live (docs/operations.md, "Web console"; docs/security.md).
 *
 * @param sessionIdle a session ends after this long without a request ({@code pims.console.session-idle-minutes},
 *        default 15 min)
 * @param sessionAbsolute a session ends this long after sign-in, active or not
 *        ({@code pims.console.session-absolute-minutes}, default 8 h); at least {@code sessionIdle}
 */
public record ConsoleConfig(Duration sessionIdle, Duration sessionAbsolute) {
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(15);
    public static final Duration DEFAULT_ABSOLUTE = Duration.ofHours(8);

    public ConsoleConfig {
        if (!sessionIdle.isPositive() || !sessionAbsolute.isPositive()) {
            throw new IllegalArgumentException("the console session lifetimes must be positive");
        }
        if (sessionIdle.compareTo(sessionAbsolute) > 0) {
            throw new IllegalArgumentException("the console session idle lifetime (" + sessionIdle
                    + ") is longer than its absolute lifetime (" + sessionAbsolute + ")");
        }
    }

    public static ConsoleConfig defaults() {
        return new ConsoleConfig(DEFAULT_IDLE, DEFAULT_ABSOLUTE);
    }
}
