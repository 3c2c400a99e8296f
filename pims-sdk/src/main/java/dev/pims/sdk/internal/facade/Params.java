package dev.pims.sdk.internal.facade;

import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed, validating access to a call's parameter map. A key {@code a.b} is found either as a flat key
 * {@code "a.b"} or nested ({@code "a" -> {"b": ...}}). Absent or null -> {@code 2101} when required;
 * present but of the wrong type or value -> {@code 2102}. Error labels name the parameter, never its value.
 */
public final class Params {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,32}");
    private static final Pattern CODE = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 .-]{3,30}");

    private final Map<String, ?> map;

    public Params(Map<String, ?> map) {
        this.map = map == null ? Collections.emptyMap() : map;
    }

    /** The raw value or null; nested maps are walked for dotted names. */
    public Object raw(String name) {
        if (map.containsKey(name)) {
            return map.get(name);
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            Object head = map.get(name.substring(0, dot));
            if (head instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) head;
                return new Params(nested).raw(name.substring(dot + 1));
            }
        }
        return null;
    }

    public boolean has(String name) {
        return raw(name) != null;
    }

    public Optional<String> string(String name) throws SdkException {
        Object v = raw(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String)) {
            throw SdkError.invalid(name).exception();
        }
        return Optional.of((String) v);
    }

    public String requireString(String name) throws SdkException {
        Optional<String> s = string(name);
        if (!s.isPresent()) {
            throw SdkError.missing(name).exception();
        }
        return s.get();
    }

    /** A required String among {@code values} (exact match). */
    public String requireOneOf(String name, String... values) throws SdkException {
        return check(name, requireString(name), values);
    }

    public Optional<String> oneOf(String name, String... values) throws SdkException {
        Optional<String> s = string(name);
        if (s.isPresent()) {
            check(name, s.get(), values);
        }
        return s;
    }

    private static String check(String name, String value, String... values) throws SdkException {
        if (!Arrays.asList(values).contains(value)) {
            throw SdkError.invalid(name).exception();
        }
        return value;
    }

    public Optional<Integer> integer(String name) throws SdkException {
        Object v = raw(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return Optional.of((int) l);
            }
        }
        throw SdkError.invalid(name).exception();
    }

    public Optional<Boolean> bool(String name) throws SdkException {
        Object v = raw(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean) {
            return Optional.of((Boolean) v);
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Optional.of(Boolean.valueOf((String) v));
        }
        throw SdkError.invalid(name).exception();
    }

    /** A PIN: String or Integer of decimal digits. */
    public Optional<String> pin(String name) throws SdkException {
        return numeric(name, DIGITS);
    }

    public String requirePin(String name) throws SdkException {
        return required(name, pin(name));
    }

    /** An SMS / activation code: String or Integer, letters and digits. */
    public Optional<String> smsCode(String name) throws SdkException {
        return numeric(name, CODE);
    }

    public String requireSmsCode(String name) throws SdkException {
        return required(name, smsCode(name));
    }

    /** A phone number: String or Integer/Long; an optional leading +, digits, spaces, dots or dashes. */
    public String requirePhoneNumber(String name) throws SdkException {
        String s = required(name, numeric(name, PHONE));
        return s.replace(" ", "").replace(".", "").replace("-", "");
    }

    private Optional<String> numeric(String name, Pattern format) throws SdkException {
        Object v = raw(name);
        if (v == null) {
            return Optional.empty();
        }
        String s;
        if (v instanceof String) {
            s = ((String) v).trim();
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            if (((Number) v).longValue() < 0) {
                throw SdkError.invalid(name).exception();
            }
            s = v.toString();
        } else {
            throw SdkError.invalid(name).exception();
        }
        if (!format.matcher(s).matches()) {
            throw SdkError.invalid(name).exception();
        }
        return Optional.of(s);
    }

    private static String required(String name, Optional<String> v) throws SdkException {
        if (!v.isPresent()) {
            throw SdkError.missing(name).exception();
        }
        return v.get();
    }
}
