package dev.pims.server.account;

import java.util.Optional;

/** A user account. {@code pin} is the clear PIN once decrypted, absent until the first activation. */
public record Account(String login, Optional<String> passwordHash, Optional<String> phoneNumber,
        Optional<String> pin, int pinErrors, AccountState state, int activations, long createdAt) {

    @Override
    public String toString() {
        return "Account[" + login + ", " + state + "]";
    }
}
