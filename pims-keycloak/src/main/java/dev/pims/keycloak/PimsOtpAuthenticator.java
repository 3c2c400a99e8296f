package dev.pims.keycloak;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.vault.VaultStringSecret;

/**
 * The login step: shows the OTP page, sends what the user typed once to the PIMS server, and lets the login
 * go on only on a verified OTP. A refusal is a failed login for Keycloak's brute-force detection; a PIMS
 * server that cannot answer refuses the login (fails closed) without counting against the user. The OTP is
 * never logged nor put in an event.
 */
public final class PimsOtpAuthenticator implements Authenticator {
    /** The user-session note a protocol mapper turns into a claim: "true" when the OTP proved the PIN. */
    public static final String PIN_VERIFIED_NOTE = "pims.pin_verified";
    /** The form field of the OTP page. */
    public static final String OTP_FIELD = "pims_otp";
    static final String TEMPLATE = "pims-otp.ftl";
    /** Event error (Keycloak's events and log) when the PIMS server gave no verdict. */
    static final String PIMS_UNAVAILABLE = "pims_unavailable";
    static final String PIMS_MISCONFIGURED = "pims_misconfigured";
    static final String NO_PIMS_LOGIN = "pims_no_login";
    private static final int MAX_OTP_CHARS = 64;
    private static final Logger LOG = Logger.getLogger(PimsOtpAuthenticator.class);

    private final PimsClient client;

    PimsOtpAuthenticator(PimsClient client) {
        this.client = client;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(page(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        String bruteForce = AuthenticatorUtils.getDisabledByBruteForceEventError(context, user);
        if (bruteForce != null) {
            // the same answer as a wrong OTP: a locked-out guesser learns nothing, and PIMS is not asked
            context.getEvent().user(user).error(bruteForce);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page(context, "pimsOtpInvalid"));
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String otp = normalized(form.getFirst(OTP_FIELD));
        if (otp == null) {
            context.challenge(page(context, "pimsOtpMissing"));
            return;
        }
        StepConfig config;
        switch (readConfig(context)) {
            case StepConfig.Parsed.Valid v -> config = v.config();
            case StepConfig.Parsed.Invalid i -> {
                LOG.warnf("PIMS step of realm %s cannot verify: %s", context.getRealm().getName(), i.problem());
                context.getEvent().user(user).detail("reason", i.problem()).error(PIMS_MISCONFIGURED);
                context.challenge(page(context, "pimsUnavailable"));
                return;
            }
        }
        Optional<String> login = pimsLogin(user, config);
        if (login.isEmpty()) {
            context.getEvent().user(user).error(NO_PIMS_LOGIN);
            context.challenge(page(context, "pimsNoLogin"));
            return;
        }
        Verdict verdict = otp.length() > MAX_OTP_CHARS ? new Verdict.Refused()
                : client.verify(config, login.get(), otp);
        if (verdict instanceof Verdict.Verified ok && config.requirePin() && !ok.pinVerified()) {
            // the server refuses this itself (requirePin: true); checked again so that the step fails closed
            verdict = new Verdict.Refused();
        }
        switch (verdict) {
            case Verdict.Verified ok -> {
                context.getAuthenticationSession().setUserSessionNote(PIN_VERIFIED_NOTE,
                        Boolean.toString(ok.pinVerified()));
                context.getEvent().detail(PIN_VERIFIED_NOTE, Boolean.toString(ok.pinVerified()))
                        .detail("pims.device", ok.deviceId());
                context.success();
            }
            case Verdict.Refused no -> {
                context.getEvent().user(user).error(Errors.INVALID_USER_CREDENTIALS);
                context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                        page(context, "pimsOtpInvalid"));
            }
            case Verdict.Unavailable down -> {
                LOG.warnf("PIMS server %s gave no verdict: %s", config.verifyUri(), down.why());
                context.getEvent().user(user).detail("reason", down.why()).error(PIMS_UNAVAILABLE);
                context.challenge(page(context, "pimsUnavailable"));
            }
        }
    }

    private StepConfig.Parsed readConfig(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        Map<String, String> settings = model == null ? null : model.getConfig();
        KeycloakSession session = context.getSession();
        return StepConfig.parse(settings, value -> {
            try (VaultStringSecret secret = session.vault().getStringSecret(value)) {
                return secret.get().orElse(null);
            }
        });
    }

    /** The PIMS login: the configured user attribute, or the Keycloak username when none is configured. */
    static Optional<String> pimsLogin(UserModel user, StepConfig config) {
        if (config.loginAttribute().isEmpty()) {
            return Optional.of(user.getUsername());
        }
        String value = user.getFirstAttribute(config.loginAttribute().get());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** What the user typed, without the spaces an app may show between groups of digits; null when empty. */
    static String normalized(String typed) {
        if (typed == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(typed.length(), MAX_OTP_CHARS + 1));
        for (int i = 0; i < typed.length() && b.length() <= MAX_OTP_CHARS; i++) {
            char c = typed.charAt(i);
            if (!Character.isWhitespace(c) && c != '-') {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static Response page(AuthenticationFlowContext context, String error) {
        var form = context.form().setAttribute("pimsRequirePin", requirePin(context));
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(TEMPLATE);
    }

    private static boolean requirePin(AuthenticationFlowContext context) {
        AuthenticatorConfigModel model = context.getAuthenticatorConfig();
        return StepConfig.requirePin(model == null ? null : model.getConfig());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    /** Whether the user has a PIMS device is the PIMS server's knowledge: the step is shown to every user. */
    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // enrollment happens in the PIMS app, not in Keycloak
    }

    @Override
    public void close() {
        // the client belongs to the factory
    }
}
