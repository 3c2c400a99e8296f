package dev.pims.sdk.internal.account;

import dev.pims.protocol.wire.WireError;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps {@code NOK:<NAME>} error names to facade errors: the device-protocol table of mac-protocol.md
 * section 6 ({@link WireError#sdkCode()}) plus the account API's own names (notes/account-api.md section 0.1).
 */
public final class ErrorNames {

    private static final Map<String, PimsError> TABLE = new HashMap<>();

    static {
        for (WireError w : WireError.values()) {
            TABLE.put(w.name(), PimsError.ofCode(w.sdkCode()).orElse(PimsError.UNKNOWN));
        }
        TABLE.put("NOK_BLOCKED", PimsError.INWEBO_ACCOUNT_BLOCKED);
        // account API only (notes/account-api.md)
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
