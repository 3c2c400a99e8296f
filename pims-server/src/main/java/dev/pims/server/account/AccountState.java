package dev.pims.server.account;

/**
 * Account states. NotBlocked -> PinBlocked when the PIN-error count reaches the limit; any -> Blocked by
 * the administrator; Blocked/PinBlocked -> NotBlocked by an administrator's unblock (which also clears the
 * count); PinBlocked -> NotBlocked by a PIN-error reset.
 */
public enum AccountState {
    NOT_BLOCKED("NotBlocked"), PIN_BLOCKED("PinBlocked"), BLOCKED("Blocked");

    private final String apiName;

    AccountState(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public boolean isBlocked() {
        return this != NOT_BLOCKED;
    }
}
