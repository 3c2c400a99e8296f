package dev.pims.sdk.internal.account;

/**
 * A BasicAuthentication session: the tokens of the account server's token endpoint. Tokens are secrets:
 * {@link #toString()} shows the username and expiry only. Optional tokens are null when absent.
 */
public record Session(String username, String accessToken, String refreshToken, String idToken, long expiresAtMillis) {

    public boolean validAt(long nowMillis) {
        return accessToken != null && nowMillis < expiresAtMillis;
    }

    @Override
    public String toString() {
        return "Session[username=" + username + ", expiresAtMillis=" + expiresAtMillis + "]";
    }
}
