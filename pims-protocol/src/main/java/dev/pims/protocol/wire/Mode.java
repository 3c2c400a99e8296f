package dev.pims.protocol.wire;

import java.util.Optional;

/** The {@code mode} parameter. */
public enum Mode {
    ACTIVATE("activate"),
    MS("ms"),
    OTP("otp");

    private final String wireName;

    Mode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Mode> of(String wireName) {
        for (Mode m : values()) {
            if (m.wireName.equals(wireName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
