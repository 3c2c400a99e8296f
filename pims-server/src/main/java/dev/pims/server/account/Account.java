package dev.pims.server.account;

import java.util.Optional;

/**
 * A user account. {@code pin} is the clear PIN once decrypted, absent until the first activation.
 * {@code pinLockedUntil}/{@code pinLockErrors}: the temporary PIN lock ({@link #pinLocked(long)}).
 */
public record Account(String login, Optional<String> passwordHash, Optional<String> phoneNumber,
        Optional<String> pin, int pinErrors, AccountState state, int activations, long createdAt,
        long pinLockedUntil, int pinLockErrors) {

    /** A new account (no temporary PIN lock). */
    public Account(String login, Optional<String> passwordHash, Optional<String> phoneNumber, Optional<String> pin,
            int pinErrors, AccountState state, int activations, long createdAt) {
        this(login, passwordHash, phoneNumber, pin, pinErrors, state, activations, createdAt, 0, 0);
    }

    /**
     * Under the temporary PIN lock at {@code now}: set at the count the account still has (a PIN-error reset, an
     * unblock or a good PIN lifts it) and not yet expired.
     */
    public boolean pinLocked(long now) {
        return pinErrors > 0 && pinErrors == pinLockErrors && pinLockedUntil > now;
    }

    @Override
    public String toString() {
        return "Account[" + login + ", " + state + "]";
    }
}
