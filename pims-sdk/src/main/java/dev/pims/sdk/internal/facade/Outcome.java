package dev.pims.sdk.internal.facade;

import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The expected result of one facade operation: a result map, or a catalogued error. */
public sealed interface Outcome permits Outcome.Success, Outcome.Failure {

    record Success(Map<String, Object> result) implements Outcome {
        public Success {
            result = Collections.unmodifiableMap(new LinkedHashMap<>(result == null ? Collections.emptyMap() : result));
        }

        /** Results may hold an OTP or a token: the text form shows the keys only. */
        @Override
        public String toString() {
            return "Success" + result.keySet();
        }
    }

    record Failure(SdkError error) implements Outcome {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    static Outcome empty() {
        return new Success(Collections.emptyMap());
    }

    static Outcome of(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return new Success(m);
    }

    static Outcome fail(SdkError error) {
        return new Failure(error);
    }

    static Outcome fail(PimsError error) {
        return new Failure(SdkError.of(error));
    }
}
