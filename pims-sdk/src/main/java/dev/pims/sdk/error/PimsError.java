package dev.pims.sdk.error;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The complete facade error catalogue (pims-errors.csv): code, type and exact label, trailing spaces
 * included. Codes without a StrongAuthentication meaning keep a plain {@code E<code>} name.
 */
public enum PimsError {
    UNKNOWN(2000, "Generic error", "Unknown error"),
    FACADE_NOT_INITIALIZED(2001, "Generic error", "Facade not initialized"),
    API_NOT_SUPPORTED(2002, "Generic error", "API not supported"),
    COMPONENT_NOT_LOADED(2003, "Generic error", "[Component] not loaded"),
    CONFIGURATION_FILE_INVALID(2004, "Generic error", "Configuration file invalid"),
    DUPLICATE_COMMAND(2005, "Generic error", "Duplicate command"),
    CORE_NOT_WELL_CONFIGURED(2006, "Generic error", "Core not well configured"),
    FACADE_ALREADY_INITIALIZED(2007, "Generic error", "Facade already initialized"),
    PARAMETER_NOT_SET(2010, "Input error", "[PARAMETER] not set"),
    MISSING_PARAMETER(2101, "Input error", "Missing [PARAMETER] parameter"),
    INVALID_PARAMETER(2102, "Input error", "Invalid [PARAMETER] parameter"),
    TIMEOUT(2201, "Output Error", "Timeout"),
    NETWORK_PROBLEM(2202, "Output Error", "Network problem : No internet"),
    INVALID_RETURN(2203, "Output Error", "Invalid return [Parsing error] ou [No data] ou [invalid Data]"),
    SERVER_ERROR(2204, "Output Error", "Server Error"),
    CEA_ERROR(2205, "Output Error", "CEA Error"),
    CERTIFICATE_PINNING_FAILED(2208, "Output Error", "Certificat pinning failed"),
    ALTRAN_ERROR(2209, "Output Error", "Altran Error"),
    GIGYA_SESSION_ERROR(2210, "Gigya error (v2.3)", "error.gigyaSessionError"),
    NEED_BASIC_AUTHENTICATION(2301, "PIMS specific error", "Need Basic Authentication (to get CVS token)"),
    NEED_STRONG_AUTHENTICATION(2302, "PIMS specific error", "Need Strong Authentication "),
    FAILED_TO_LOGOUT(2303, "PIMS specific error", "Failed to logout"),
    SMS_CODE_INVALID(2305, "PIMS specific error", "The sms code is invalid"),
    SMS_CODE_EXPIRED(2306, "PIMS specific error", "The sms code is expired"),
    NO_PHONE_NUMBER(2307, "PIMS specific error", "User dont have a phone number"),
    INWEBO_ACCESS_REFUSED(2308, "PIMS specific error", "inwebo: access refused"),
    INWEBO_VERSION_ERROR(2309, "PIMS specific error", "inwebo: version error"),
    INWEBO_ACCOUNT_BLOCKED(2310, "PIMS specific error", "inwebo: account is blocked "),
    INWEBO_STATE_NOT_CORRECT(2311, "PIMS specific error", "inwebo: internal state not correct"),
    INWEBO_DEVICE_UNKNOWN(2312, "PIMS specific error", "inwebo: device is disabled or unknown"),
    INWEBO_NOCA(2313, "PIMS specific error", "inwebo: User must activate inWebo helium or inWebo Desktop Token before achieving this operation"),
    INWEBO_NO_SERVICE(2314, "PIMS specific error", "inwebo: No service is available"),
    INWEBO_PIN_REUSED(2315, "PIMS specific error", "inwebo: the new password equals the previous one"),
    INWEBO_SYNCHRO_FAILED(2316, "PIMS specific error", "inwebo: the operation succeeded but it required a post-synchronization which failed"),
    INWEBO_FORBIDDEN(2317, "PIMS specific error", "inwebo: forbidden operation (due to activated state/blocked state/upgradable state)"),
    IDTOKEN_NOT_VALID(2318, "PIMS specific error", "IdToken not valid"),
    IDTOKEN_BAD_FORMAT(2319, "PIMS specific error", "IdToken bad format"),
    E2320(2320, "PIMS specific error", "Not enought Answered Questions"),
    E2321(2321, "PIMS specific error", "Invalid ID searched"),
    E2323(2323, "PIMS specific error", "You aren't the owner of this vehicle"),
    E2325(2325, "PIMS specific error", "Immediate charging request discarded, defered hour has been change"),
    E2326(2326, "PIMS specific error", "Defered hour request discarded, immediate charging has been launch"),
    E2327(2327, "PIMS specific error", "Invalid image"),
    E2328(2328, "PIMS specific error", "Invalid cropping area"),
    E2329(2329, "PIMS specific error", "Immediate [ACTION] request discarded due to SEV different than STOP."),
    E2330(2330, "PIMS specific error", "Immediate charging request discarded due to charging system is standby"),
    E2331(2331, "PIMS specific error", "Immediate charging request discarded due to charging already ongoing."),
    E2332(2332, "PIMS specific error", "Immediate charging request discarded due to communication problem with charging system."),
    E2333(2333, "PIMS specific error", "Immediate preconditioning request discarded due to preconditioning already ongoing."),
    E2334(2334, "PIMS specific error", "Immediate preconditioning request discarded due to communication problem with preconditioning system."),
    E2335(2335, "PIMS specific error", "Stop preconditioning request discarded due to SEV different than STOP. "),
    E2336(2336, "PIMS specific error", "Stop preconditioning request discarded due to precondtioning not running."),
    E2337(2337, "PIMS specific error", "Charging Defered Hours need to be update"),
    E2338(2338, "PIMS specific error", "Preconditioning program need to be update"),
    E2339(2339, "PIMS specific error", "Service already started"),
    E2340(2340, "PIMS specific error", "[Permition] need to be granted"),
    E2341(2341, "PIMS specific error", "[Location or Bluetooth] need to be activated on the phone"),
    E2342(2342, "PIMS specific error", "Smartphone not paired with the vehicle"),
    E2343(2343, "PIMS specific error", "Failed to clear data"),
    COMPONENT_NOT_CONFIGURED(2344, "PIMS specific error", "[Component] not configured"),
    E2345(2345, "PIMS specific error", "No data saved"),
    E2346(2346, "PIMS specific error", "No Step for this stepsID [stepsID]"),
    E2347(2347, "PIMS specific error", "[Component] not supported on simulator"),
    E2348(2348, "PIMS specific error", "StrongID document quoata reached "),
    E2349(2349, "PIMS specific error", "StrongID enrollment already exists "),
    E2350(2350, "PIMS specific error", "[Method] is deprecated since [version]"),
    E2351(2351, "PIMS specific error", "Immediate refresh request discarded due to refresh already ongoing."),
    E2353(2353, "PIMS specific error", "Command can't be execute another command are ongoing"),
    E2354(2354, "PIMS specific error", "Invalid Key Car Position "),
    E2355(2355, "PIMS specific error", "Invalid Signature"),
    E2356(2356, "PIMS specific error", "Invalid Timestamp"),
    E2357(2357, "PIMS specific error", "Doors state need to be update"),
    E2358(2358, "PIMS specific error", "Horn request have been execute with succes earlier wait to send new one"),
    E2359(2359, "PIMS specific error", "Light request have been execute with succes earlier wait to send new one"),
    E2360(2360, "PIMS specific error", "All vehicle's doors are unlocked"),
    E2361(2361, "PIMS specific error", "All vehicle's doors are locked"),
    E2362(2362, "PIMS specific error", "Lock/Unlock request discarded due to door open"),
    E2363(2363, "PIMS specific error", "Lost connection with MQTT brocker"),
    E2364(2364, "PIMS specific error", "Command can't be execute because same command are ongoing"),
    E2365(2365, "PIMS specific error", "Command can't be execute because no subscribe are running"),
    E2366(2366, "PIMS specific error", "VIN not valid for this request"),
    E2367(2367, "PIMS specific error", "Service not started"),
    E2368(2368, "PIMS specific error", "WebView canceled"),
    E2369(2369, "PIMS specific error", "Webview permission denied"),
    E2370(2370, "PIMS specific error", "Can't remove trip with identifier: [IDENTIFIER]"),
    E2371(2371, "PIMS specific error", "Can't merge trips with identifiers: [IDENTIFIERS LIST]"),
    E2372(2372, "PIMS specific error", "Can't unmerge trip with identifier: [IDENTIFIER]"),
    E2373(2373, "PIMS specific error", "Can't import [Table name] from file"),
    E2374(2374, "PIMS specific error", "Can't export [Table name]"),
    E2375(2375, "PIMS specific error", "Can't retrieve trip with ID: [IDENTIFIER]"),
    E2376(2376, "PIMS specific error", "Can' Edit trip with ID: [IDENTIFIER]"),
    E2377(2377, "PIMS specific error", "Broker connexion failed"),
    E2378(2378, "PIMS specific error", "Can't store fuel price"),
    E2379(2379, "PIMS specific error", "Can't retrieve trips from old database"),
    E2383(2383, "Gigya error (v2.3)", "error.accountTemporarilyLockedOut"),
    E2384(2384, "Gigya error (v2.3)", "error.gigya.social.login.account.pending.verification"),
    E2387(2387, "Gigya error (v2.3)", "error.gigya.social.login.need.social.link"),
    E2388(2388, "Gigya error (v2.3)", "error.gigya.social.login.account.already.exists"),
    E2389(2389, "Gigya error (v2.3)", "error.gigya.social.login.incomplete.userProfile"),
    PHONE_NUMBER_ALREADY_REGISTERED(2390, "PIMS specific error", "Phone number allready registered");

    private static final Map<Integer, PimsError> BY_CODE = new HashMap<>();

    static {
        for (PimsError e : values()) {
            BY_CODE.put(e.code, e);
        }
    }

    private final int code;
    private final String type;
    private final String label;

    PimsError(int code, String type, String label) {
        this.code = code;
        this.type = type;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The catalogue's type column, e.g. {@code Input error}. */
    public String type() {
        return type;
    }

    /** The label exactly as catalogued, placeholders unfilled. */
    public String label() {
        return label;
    }

    /**
     * The label with its {@code [PARAMETER]} or {@code [Component]} placeholder replaced by {@code value};
     * other labels are returned unchanged.
     */
    public String label(String value) {
        if (value == null) {
            return label;
        }
        if (label.contains("[PARAMETER]")) {
            return label.replace("[PARAMETER]", value);
        }
        if (label.contains("[Component]")) {
            return label.replace("[Component]", value);
        }
        return label;
    }

    public static Optional<PimsError> ofCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
