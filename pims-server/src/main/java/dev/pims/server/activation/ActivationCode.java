package dev.pims.server.activation;

/** An activation (SMS) code row; the code itself is only stored as a keyed hash. */
public record ActivationCode(String id, String macid, String login, long expiresAt, int tries, Long usedAt,
        String kiwPrivateSealed, long createdAt) {

    /** Live = not used, not expired and not killed by too many wrong tries. */
    public boolean isLive(long now, int maxTries) {
        return usedAt == null && now < expiresAt && tries < maxTries;
    }
}
