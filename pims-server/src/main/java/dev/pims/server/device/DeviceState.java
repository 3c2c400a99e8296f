package dev.pims.server.device;

/**
 * Device ("tool") life cycle: AWAITING_SECRET (after activation step 2) -> ACTIVE (after the ms step);
 * ACTIVE <-> DISABLED (administrator); any state -> REMOVED (administrator; terminal, secrets wiped).
 */
public enum DeviceState {
    AWAITING_SECRET, ACTIVE, DISABLED, REMOVED;

    public boolean canBecome(DeviceState next) {
        return switch (this) {
            case AWAITING_SECRET -> next == ACTIVE || next == REMOVED;
            case ACTIVE -> next == DISABLED || next == REMOVED;
            case DISABLED -> next == ACTIVE || next == REMOVED;
            case REMOVED -> false;
        };
    }

    public String apiName() {
        return switch (this) {
            case AWAITING_SECRET -> "AwaitingSecret";
            case ACTIVE -> "Active";
            case DISABLED -> "Disabled";
            case REMOVED -> "Removed";
        };
    }

    /** States that count against the per-account device limit. */
    public boolean countsAgainstLimit() {
        return this == ACTIVE || this == DISABLED;
    }
}
