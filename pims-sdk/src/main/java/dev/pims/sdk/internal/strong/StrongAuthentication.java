package dev.pims.sdk.internal.strong;

import dev.pims.sdk.internal.account.AccountClient;
import dev.pims.sdk.internal.account.Sessions;
import dev.pims.sdk.internal.config.SdkConfig;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.internal.facade.Handler;
import dev.pims.sdk.internal.facade.Outcome;
import dev.pims.sdk.internal.facade.Params;
import dev.pims.sdk.internal.facade.Route;
import dev.pims.sdk.store.DeviceKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * StrongAuthentication (pims-sdk.md section 4). Check order in every handler: the parameter that selects
 * the operation (2101/2102), the configuration (2006 or 2344), the other parameters, the session (2301),
 * then the work. The device protocol part is {@link DeviceService}; the account part is {@link AccountClient}.
 */
public final class StrongAuthentication {

    public static final String OTP = "pims.authentication.otp";
    public static final String TRUSTED_PHONE = "pims.authentication.trustedphonenumber";
    public static final String SMS_CODE = "pims.authentication.smscode";
    public static final String ENROLLMENT = "pims.authentication.enrollment";
    public static final String PIN_CODE = "pims.authentication.pincode";

    static final String COMPONENT = "StrongAuthentication";

    private final SdkConfig config;
    private final Sessions sessions;
    private final AccountClient account;
    private final DeviceService device;
    private final CheckedCodes checkedCodes;
    private final AccountCalls calls;

    /** {@code account} / {@code device} are null when the configuration lacks their URL or macID. */
    public StrongAuthentication(SdkConfig config, Sessions sessions, AccountClient account, DeviceService device,
                                CheckedCodes checkedCodes) {
        this.config = config;
        this.sessions = sessions;
        this.account = account;
        this.device = device;
        this.checkedCodes = checkedCodes;
        this.calls = new AccountCalls(sessions, account);
    }

    public void register(Map<Route, Handler> routes) {
        routes.put(Route.get(OTP), this::otp);
        routes.put(Route.get(TRUSTED_PHONE), this::trustedPhone);
        routes.put(Route.get(SMS_CODE), this::requestSmsCode);
        routes.put(Route.set(SMS_CODE), this::submitSmsCode);
        routes.put(Route.set(ENROLLMENT), this::enrollment);
        routes.put(Route.set(PIN_CODE), p -> {
            try {
                return pinCode(p);
            } catch (SdkException e) {
                throw oneMeaning(e, PimsError.INWEBO_FORBIDDEN);
            }
        });
    }

    /** GET pims.authentication.account with actionType=strong. */
    public Outcome account(Params p) throws SdkException {
        String type = p.requireOneOf("type", "isDeviceActivated", "isAccountBlocked");
        requireConfigured(PimsError.COMPONENT_NOT_CONFIGURED);
        DeviceKey key = key();
        if (type.equals("isDeviceActivated")) {
            return Outcome.of("isDeviceActivated", Boolean.valueOf(device.isActivated(key)));
        }
        return Outcome.of("isAccountBlocked", accountBlocked());
    }

    /** {@code NotBlocked}, {@code PinBlocked} (PinBlocked or Blocked on the server) or {@code Unknown}. */
    private String accountBlocked() {
        try {
            Map<String, Object> status = calls.call("GET", "/me/status", null, Collections.emptyMap());
            Object state = status.get("accountState");
            return "NotBlocked".equals(state) ? "NotBlocked"
                    : "PinBlocked".equals(state) || "Blocked".equals(state) ? "PinBlocked" : "Unknown";
        } catch (SdkException e) {
            // an administrator's block makes the account's tokens refused with NOK:BLOCKED (2310); any other
            // failure is "Unknown": the reference lists no network or generic error for this row
            return e.error().code() == PimsError.INWEBO_ACCOUNT_BLOCKED.code() ? "PinBlocked" : "Unknown";
        } catch (RuntimeException e) {
            // a host transport that throws
            return "Unknown";
        }
    }

    /**
     * One meaning per answer (docs/sdk.md, "Blocked or locked for a while"): the device protocol answers
     * BLOCKED (2310) both for a blocked account and during the server's temporary PIN lock. 2310 stays only
     * when {@code isAccountBlocked} would not answer {@code NotBlocked}; during the temporary lock the call
     * answers {@code duringLock} instead (OTP and PIN change: 2317, wait and retry; activation: 2308, retry the
     * PIN later).
     */
    private SdkException oneMeaning(SdkException e, PimsError duringLock) {
        if (e.error().error() != PimsError.INWEBO_ACCOUNT_BLOCKED || !"NotBlocked".equals(accountBlocked())) {
            return e;
        }
        return SdkError.of(duringLock).exception();
    }

    private Outcome otp(Params p) throws SdkException {
        String action = p.requireOneOf("action", "withoutPIN", "withPIN");
        requireConfigured(PimsError.CORE_NOT_WELL_CONFIGURED);
        String pin = action.equals("withPIN") ? p.requirePin("pinCode") : null;
        boolean resetStep = p.bool("resetStep").orElse(Boolean.FALSE);
        DeviceKey key = key();
        try {
            return Outcome.of("otp", device.otp(key, pin, resetStep));
        } catch (SdkException e) {
            throw oneMeaning(e, PimsError.INWEBO_FORBIDDEN);
        }
    }

    private Outcome trustedPhone(Params p) throws SdkException {
        requireConfigured(PimsError.CORE_NOT_WELL_CONFIGURED);
        Object phone = calls.call("GET", "/me/phone-number", null, Collections.emptyMap()).get("phoneNumber");
        if (!(phone instanceof String)) {
            throw SdkError.of(PimsError.NO_PHONE_NUMBER).exception();
        }
        return Outcome.of("phoneNumber", phone);
    }

    private Outcome requestSmsCode(Params p) throws SdkException {
        // currentPhoneNumber (extension): a code to the current trusted phone, proof for modifyPhoneNumber
        String type = p.requireOneOf("type", "enrollment", "phoneNumberCertification", "resetPIN",
                "currentPhoneNumber");
        requireConfigured(PimsError.CORE_NOT_WELL_CONFIGURED);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (type.equals("phoneNumberCertification")) {
            body.put("phoneNumber", p.requirePhoneNumber("phoneNumber"));
        }
        calls.call("POST", "/me/sms-codes", body, names("phoneNumber", "phoneNumber"));
        return Outcome.empty();
    }

    private Outcome submitSmsCode(Params p) throws SdkException {
        String selector = p.has("action") ? "action" : p.has("type") ? "type" : "action";
        String what = p.requireOneOf(selector, "enrollment", "addPhoneNumber", "modifyPhoneNumber");
        requireConfigured(PimsError.CORE_NOT_WELL_CONFIGURED);
        String smsCode = p.requireSmsCode("smsCode");
        if (what.equals("enrollment")) {
            DeviceKey key = key();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("smsCode", smsCode);
            Object status = calls.call("POST", "/me/enrollment/check", body, names("smsCode", "smsCode")).get("status");
            if (!"NotEnrolled".equals(status) && !"AlreadyEnrolled".equals(status)) {
                throw SdkError.of(PimsError.INVALID_RETURN).exception();
            }
            checkedCodes.put(key, smsCode);
            return Outcome.of("status", status);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phoneNumber", p.requirePhoneNumber("phoneNumber"));
        body.put("smsCode", smsCode);
        // proof of the current factor (docs/account-api.md 2), extensions: pinCode -> a PIN-verified OTP of this
        // device (the device-protocol errors 2308-2317 of the row come from it), currentPhoneCode -> the code
        // of GET smscode {type: currentPhoneNumber}
        Optional<String> pin = p.pin("pinCode");
        Optional<String> currentPhoneCode = p.smsCode("currentPhoneCode");
        DeviceKey key = key();
        if (currentPhoneCode.isPresent()) {
            body.put("currentPhoneCode", currentPhoneCode.get());
        }
        if (pin.isPresent() && device.isActivated(key)) {
            body.put("otp", device.otp(key, pin.get(), false));
        }
        calls.call(what.equals("addPhoneNumber") ? "POST" : "PUT", "/me/phone-number", body,
                names("phoneNumber", "phoneNumber"));
        return Outcome.empty();
    }

    private Outcome enrollment(Params p) throws SdkException {
        String action = p.requireOneOf("action", "enroll", "enrollWithPhoneNumber", "remove");
        requireConfigured(PimsError.COMPONENT_NOT_CONFIGURED);
        if (action.equals("remove")) {
            DeviceKey key = key();
            calls.call("DELETE", "/me/enrollments", null, Collections.emptyMap());
            checkedCodes.remove(key);
            device.forget(key);
            return Outcome.empty();
        }
        String pin = p.requirePin("pinCode");
        if (action.equals("enroll")) {
            String given = p.smsCode("smsCode").orElse(null);
            DeviceKey key = key();
            String code = given != null ? given : checkedCodes.get(key)
                    .orElseThrow(() -> SdkError.missing("smsCode").exception());
            activate(key, code, pin);
            checkedCodes.remove(key);
            return Outcome.empty();
        }
        String smsCode = p.requireSmsCode("smsCode");
        String phone = p.requirePhoneNumber("phoneNumber");
        DeviceKey key = key();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phoneNumber", phone);
        body.put("smsCode", smsCode);
        Object code = calls.call("POST", "/me/enrollment/with-phone-number", body,
                names("phoneNumber", "phoneNumber")).get("activationCode");
        if (!(code instanceof String) || ((String) code).isEmpty()) {
            throw SdkError.of(PimsError.INVALID_RETURN).exception();
        }
        activate(key, (String) code, pin);
        return Outcome.empty();
    }

    private void activate(DeviceKey key, String code, String pin) throws SdkException {
        try {
            device.activate(key, code, pin);
        } catch (SdkException e) {
            throw oneMeaning(e, PimsError.INWEBO_ACCESS_REFUSED);
        }
    }

    private Outcome pinCode(Params p) throws SdkException {
        String action = p.requireOneOf("action", "reset", "update");
        requireConfigured(PimsError.COMPONENT_NOT_CONFIGURED);
        Map<String, Object> body = new LinkedHashMap<>();
        if (action.equals("reset")) {
            String pin = p.requirePin("pinCode");
            body.put("smsCode", p.requireSmsCode("smsCode"));
            body.put("newPin", pin);
            calls.call("POST", "/me/pin/reset", body, names("newPin", "pinCode"));
            return Outcome.empty();
        }
        String oldPin = p.requirePin("oldPIN");
        String newPin = p.requirePin("newPIN");
        if (oldPin.equals(newPin)) {
            throw SdkError.of(PimsError.INWEBO_PIN_REUSED).exception();
        }
        body.put("oldPin", oldPin);
        body.put("newPin", newPin);
        Map<String, String> names = names("newPin", "newPIN");
        names.put("oldPin", "oldPIN");
        calls.call("POST", "/me/pin/update", body, names);
        return Outcome.empty();
    }

    private void requireConfigured(PimsError whenNot) throws SdkException {
        if (!config.strongConfigured() || device == null || account == null) {
            throw SdkError.of(whenNot, COMPONENT).exception();
        }
    }

    private DeviceKey key() throws SdkException {
        return new DeviceKey(config.macId(), sessions.requireLogin());
    }

    /** Field-name translation for 2102 labels: {@code field -> parameter}, and the same as default. */
    private static Map<String, String> names(String field, String parameter) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(field, parameter);
        m.put("*", parameter);
        return m;
    }
}
