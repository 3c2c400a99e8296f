package dev.pims.sdk.account;

import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.error.SdkError;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps {@code NOK:<NAME>} error names to facade errors: the device-protocol table of mac-protocol.md
 * section 6 plus the account API's own names (notes/account-api.md section 0.1).
 */
public final class ErrorNames {

    private static final Map<String, PimsError> TABLE = new HashMap<>();

    static {
        TABLE.put("ACCESS", PimsError.INWEBO_ACCESS_REFUSED);
        TABLE.put("VERSION", PimsError.INWEBO_VERSION_ERROR);
        TABLE.put("BLOCKED", PimsError.INWEBO_ACCOUNT_BLOCKED);
        TABLE.put("NOK_BLOCKED", PimsError.INWEBO_ACCOUNT_BLOCKED);
        TABLE.put("STATE", PimsError.INWEBO_STATE_NOT_CORRECT);
        TABLE.put("TIMEOUT", PimsError.INWEBO_STATE_NOT_CORRECT);
        TABLE.put("NODEVICE", PimsError.INWEBO_DEVICE_UNKNOWN);
        TABLE.put("NOCA", PimsError.INWEBO_NOCA);
        TABLE.put("NOSRV", PimsError.INWEBO_NO_SERVICE);
        TABLE.put("PINREUSED", PimsError.INWEBO_PIN_REUSED);
        TABLE.put("FORBIDDEN", PimsError.INWEBO_FORBIDDEN);
        TABLE.put("MAXNBTOOLS", PimsError.INWEBO_FORBIDDEN);
        TABLE.put("CODE", PimsError.SMS_CODE_INVALID);
        TABLE.put("SN", PimsError.INVALID_PARAMETER);
        TABLE.put("PINREFUSED", PimsError.INVALID_PARAMETER);
        // account API only
        TABLE.put("CODEEXPIRED", PimsError.SMS_CODE_EXPIRED);
        TABLE.put("UNAUTHENTICATED", PimsError.NEED_BASIC_AUTHENTICATION);
        TABLE.put("NOPHONE", PimsError.NO_PHONE_NUMBER);
        TABLE.put("PHONEEXISTS", PimsError.PHONE_NUMBER_ALREADY_REGISTERED);
    }

    private ErrorNames() {
    }

    /**
     * The facade error for a wire {@code err} value other than {@code OK}. {@code parameter} names the
     * SDK parameter for a 2102 ("Invalid [PARAMETER] parameter"). Unknown names give 2000.
     */
    public static SdkError of(String err, String parameter) {
        String name = err == null ? "" : err.trim();
        if (name.startsWith("NOK:")) {
            name = name.substring(4);
        }
        PimsError e = TABLE.get(name);
        if (e == null) {
            return SdkError.of(PimsError.UNKNOWN);
        }
        if (e == PimsError.INVALID_PARAMETER) {
            return SdkError.invalid(parameter == null ? "input" : parameter);
        }
        return SdkError.of(e);
    }

    /** True for names this table knows. */
    public static boolean known(String err) {
        String name = err == null ? "" : err.trim();
        return TABLE.containsKey(name.startsWith("NOK:") ? name.substring(4) : name);
    }
}
