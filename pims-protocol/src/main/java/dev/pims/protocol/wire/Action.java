package dev.pims.protocol.wire;

import java.util.Optional;

/** The {@code action} parameter; also the name of the response's root element. */
public enum Action {
    SETUP("ActionSetup"),
    FINALIZE("ActionFinalize");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Action> of(String wireName) {
        for (Action a : values()) {
            if (a.wireName.equals(wireName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
