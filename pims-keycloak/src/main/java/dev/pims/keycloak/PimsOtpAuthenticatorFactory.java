package dev.pims.keycloak;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Registers the PIMS step ("PIMS OTP") and the settings the admin console shows for it. */
public final class PimsOtpAuthenticatorFactory implements AuthenticatorFactory {
    public static final String ID = "pims-otp";
    private static final Requirement[] CHOICES = {Requirement.REQUIRED, Requirement.ALTERNATIVE,
        Requirement.DISABLED};
    private PimsClient client;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "PIMS OTP";
    }

    @Override
    public String getHelpText() {
        return "Asks for the one-time password the PIMS app shows and verifies it once with the PIMS server.";
    }

    @Override
    public String getReferenceCategory() {
        return "otp";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return CHOICES.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(StepConfig.SERVER_URL).label("PIMS server URL")
                .helpText("Base URL of the PIMS server, e.g. https://pims.example.com; the step calls "
                        + "POST <URL>/api/v1/otp/verify.")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(StepConfig.API_KEY).label("API key")
                .helpText("The relying-party API key created on the PIMS server. Prefer a vault reference "
                        + "such as ${vault.pims-api-key}.")
                .type(ProviderConfigProperty.PASSWORD).secret(true).required(true).add()
                .property().name(StepConfig.REQUIRE_PIN).label("Require the PIN")
                .helpText("On: only an OTP made with the PIN is accepted. Off: an OTP without PIN is accepted "
                        + "too; the session note pims.pin_verified says which one the user gave.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .property().name(StepConfig.LOGIN_ATTRIBUTE).label("PIMS login attribute")
                .helpText("The user attribute that holds the user's PIMS login; empty: the Keycloak username.")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(StepConfig.CONNECT_TIMEOUT_MS).label("Connect timeout (ms)")
                .helpText("How long to wait for a connection to the PIMS server.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(StepConfig.DEFAULT_CONNECT_TIMEOUT_MS).add()
                .property().name(StepConfig.TIMEOUT_MS).label("Timeout (ms)")
                .helpText("The longest a verification may take in all; past it the login is refused.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(StepConfig.DEFAULT_TIMEOUT_MS).add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PimsOtpAuthenticator(client);
    }

    @Override
    public void init(Config.Scope config) {
        client = new PimsClient();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // nothing to wire
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
