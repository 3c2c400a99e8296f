package dev.pims.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pims.sdk.Pims;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the {@link Pims} facade and prints each call and its message as JSON. Parameter values that are secrets
 * (PINs, SMS codes, passwords) are masked in what is printed; the messages are printed as the facade sent them.
 */
public final class FacadeCalls implements AutoCloseable {
    private static final Set<String> SECRET_PARAMS = Set.of("pinCode", "oldPIN", "newPIN", "password", "smsCode",
            "clientSecret");
    private final Pims pims;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    public FacadeCalls(Pims pims, PrintStream out) {
        this.pims = pims;
        this.out = out;
    }

    public Map<String, Object> initialize(Map<String, Object> params) {
        print("initialize", "", params);
        return answer(pims.initializeAsync(params));
    }

    public Map<String, Object> get(String api, Map<String, Object> params) {
        print("get", api, params);
        return answer(pims.getAsync(api, params));
    }

    public Map<String, Object> set(String api, Map<String, Object> params) {
        print("set", api, params);
        return answer(pims.setAsync(api, params));
    }

    public Map<String, Object> release() {
        print("release", "", Map.of());
        return answer(pims.releaseAsync());
    }

    /** Prints a line of narration. */
    public void say(String text) {
        out.println();
        out.println("# " + text);
    }

    public String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    @Override
    public void close() {
        pims.close();
    }

    /** The {@code result} map of a SUCCEEDED message, or empty. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> result(Map<String, Object> message) {
        Object r = message.get("result");
        return r instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    public static boolean succeeded(Map<String, Object> message) {
        return "SUCCEEDED".equals(message.get("status"));
    }

    /** The error label of a FAILED message, or empty. */
    @SuppressWarnings("unchecked")
    public static String errorLabel(Map<String, Object> message) {
        Object e = message.get("error");
        return e instanceof Map<?, ?> m && m.get("label") != null ? String.valueOf(m.get("label")) : "";
    }

    /** One line for a person: the code, the SDK's label and what it most likely means. */
    public static String explain(Map<String, Object> message) {
        return ErrorExplanations.describe(errorCode(message), errorLabel(message));
    }

    /** Prints a note under the last answer: a refusal the journey expected, so not a problem. */
    public void expected(String why) {
        out.println("   (expected refusal: " + why + ")");
    }

    /** The error code of a FAILED message, or 0. */
    @SuppressWarnings("unchecked")
    public static int errorCode(Map<String, Object> message) {
        Object e = message.get("error");
        return e instanceof Map<?, ?> m && m.get("code") instanceof Number n ? n.intValue() : 0;
    }

    private void print(String operation, String api, Map<String, Object> params) {
        out.println("-> " + operation + (api.isEmpty() ? "" : " " + api) + " " + toJson(mask(params)));
    }

    private Map<String, Object> answer(java.util.concurrent.CompletableFuture<Map<String, Object>> future) {
        Map<String, Object> message;
        try {
            message = future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the facade did not answer: " + e.getClass().getSimpleName());
        }
        out.println("<- " + toJson(message));
        return message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mask(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                out.put(k, mask((Map<String, Object>) nested));
            } else {
                out.put(k, SECRET_PARAMS.contains(k) && v != null ? "***" : v);
            }
        });
        return out;
    }
}
