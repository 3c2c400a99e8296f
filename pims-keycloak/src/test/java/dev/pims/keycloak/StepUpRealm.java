package dev.pims.keycloak;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The realm of docs/keycloak.md section 6, "acr carries the PIN": a browser flow with one conditional sub-flow per
 * level of authentication (level 1 the password, level 2 the PIMS step with Require the PIN on), and a client whose
 * ACR to LoA mapping names the levels. The flow is built call by call through the admin REST API, each call one
 * action of the admin console, in the order the docs give.
 */
final class StepUpRealm {
    static final String NAME = "pims-stepup";
    static final String FLOW = "pims step-up browser";
    static final String FORMS = "pims step-up forms";
    static final String LEVEL_1 = "pims level 1";
    static final String LEVEL_2 = "pims level 2";
    static final String ACR_PASSWORD = "password";
    static final String ACR_PIN = "pin";
    private static final String LOA_CONDITION = "conditional-level-of-authentication";

    private StepUpRealm() {
    }

    /**
     * Creates the realm with {@code user} (a password) and the confidential client; the step reads its API key
     * from the vault entry {@code pims-api-key} of this realm. The API of the new realm.
     */
    static KeycloakApi create(KeycloakApi admin, String pimsUrl, String user, String password, String client,
            String clientSecret, String redirectUri) {
        ObjectNode realm = PimsSide.obj("realm", NAME, "enabled", true,
                "users", List.of(Map.of("username", user, "enabled", true, "email", user + "@example.org",
                        "emailVerified", true, "firstName", "Alice", "lastName", "Martin",
                        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))),
                "clients", List.of(Map.of("clientId", client, "enabled", true, "protocol", "openid-connect",
                        "publicClient", false, "secret", clientSecret, "standardFlowEnabled", true,
                        "redirectUris", List.of(redirectUri),
                        // Clients -> the client -> Advanced -> Advanced settings -> ACR to LoA Mapping
                        "attributes", Map.of("acr.loa.map", "{\"" + ACR_PASSWORD + "\":1,\"" + ACR_PIN + "\":2}"))));
        KeycloakApi api = admin.createRealm(realm);

        api.createFlow(FLOW, "Cookie, or the password (level 1) then a PIMS OTP with PIN (level 2)");
        api.addStep(FLOW, "auth-cookie", "ALTERNATIVE");
        api.addSubFlow(FLOW, FORMS, "ALTERNATIVE");

        api.addSubFlow(FORMS, LEVEL_1, "CONDITIONAL");
        api.configureStep(api.addStep(LEVEL_1, LOA_CONDITION, "REQUIRED"), "level 1",
                Map.of("loa-condition-level", "1", "loa-max-age", "36000"));
        api.addStep(LEVEL_1, "auth-username-password-form", "REQUIRED");

        api.addSubFlow(FORMS, LEVEL_2, "CONDITIONAL");
        api.configureStep(api.addStep(LEVEL_2, LOA_CONDITION, "REQUIRED"), "level 2",
                Map.of("loa-condition-level", "2", "loa-max-age", "0"));
        api.configureStep(api.addStep(LEVEL_2, PimsOtpAuthenticatorFactory.ID, "REQUIRED"), "pims with PIN",
                Map.of(StepConfig.SERVER_URL, pimsUrl, StepConfig.API_KEY, "${vault.pims-api-key}",
                        StepConfig.REQUIRE_PIN, "true"));

        // Bind flow -> Browser flow
        ObjectNode settings = (ObjectNode) api.admin("GET", "", null, 200);
        api.admin("PUT", "", settings.put("browserFlow", FLOW), 204);
        return api;
    }
}
