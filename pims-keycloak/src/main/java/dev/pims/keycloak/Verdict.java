package dev.pims.keycloak;

/**
 * What the PIMS server said about one OTP. Every refusal is the same {@link Refused}: the server may give
 * reasons, but a login step must not tell a guesser which part was wrong, nor depend on the wording.
 */
public sealed interface Verdict {
    /** The OTP verified (once); {@code pinVerified} says whether it proved the PIN. */
    record Verified(boolean pinVerified, String deviceId) implements Verdict {
    }

    /** Wrong, expired, replayed, PIN-less where a PIN is required, unknown login, blocked account, ... */
    record Refused() implements Verdict {
    }

    /**
     * No verdict: the server could not be reached, did not answer in time, refused the API key, or answered
     * something unreadable. {@code why} is for the log and holds no secret.
     */
    record Unavailable(String why) implements Verdict {
    }
}
