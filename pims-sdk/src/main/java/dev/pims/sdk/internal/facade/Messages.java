package dev.pims.sdk.internal.facade;

import dev.pims.sdk.internal.error.SdkError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the callback messages of pims-sdk.md section 1:
 * {@code {transactionId, status: SUCCEEDED|FAILED|RESULT, result | error {code, label}}}.
 */
public final class Messages {

    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String RESULT = "RESULT";

    private Messages() {
    }

    /** The acknowledgement or answer of a call. */
    public static Map<String, Object> answer(String transactionId, Outcome outcome) {
        if (outcome instanceof Outcome.Success) {
            return message(transactionId, SUCCEEDED, ((Outcome.Success) outcome).result(), null);
        }
        return message(transactionId, FAILED, null, ((Outcome.Failure) outcome).error());
    }

    /** A subscription event: status RESULT with either result or error. */
    public static Map<String, Object> event(String transactionId, Outcome outcome) {
        if (outcome instanceof Outcome.Success) {
            return message(transactionId, RESULT, ((Outcome.Success) outcome).result(), null);
        }
        return message(transactionId, RESULT, null, ((Outcome.Failure) outcome).error());
    }

    private static Map<String, Object> message(String tx, String status, Map<String, Object> result, SdkError error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactionId", tx);
        m.put("status", status);
        if (result != null) {
            m.put("result", Collections.unmodifiableMap(new LinkedHashMap<>(result)));
        }
        if (error != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", Integer.valueOf(error.code()));
            e.put("label", error.label());
            m.put("error", Collections.unmodifiableMap(e));
        }
        return Collections.unmodifiableMap(m);
    }
}
