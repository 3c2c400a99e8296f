package dev.pims.server.apikey;

import java.util.Set;

/**
 * Who is verifying: an API key with the integrations it belongs to, or the administrator (every integration).
 * A legacy key (created before keys had integrations) also covers every integration.
 */
public record RelyingParty(String keyId, boolean allIntegrations, Set<String> integrations) {
    public static final RelyingParty ADMIN = new RelyingParty("admin", true, Set.of());

    public RelyingParty {
        integrations = Set.copyOf(integrations);
    }

    /** May this relying party verify OTPs of devices of {@code macid}? */
    public boolean covers(String macid) {
        return allIntegrations || integrations.contains(macid);
    }
}
