package dev.pims.server.mac;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validated access to the single-valued parameters of one device request. */
final class Params {
    static final int MAX_VALUE = 4096;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern SERIAL = Pattern.compile("[0-9a-fA-F]{16}/_/[0-9a-fA-F]{32}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
    private final Map<String, String> values;

    Params(Map<String, String> values) {
        this.values = values;
    }

    Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    String required(String name) {
        return optional(name).orElseThrow(() -> new MalformedRequest(name));
    }

    /** A token of printable ASCII (macid, sid, ids) of at most {@code max} chars. */
    String token(String name, int max) {
        String v = required(name);
        if (v.length() > max || !PRINTABLE.matcher(v).matches()) {
            throw new MalformedRequest(name);
        }
        return v;
    }

    /** Hex of exactly {@code chars} chars (or any even length up to {@code MAX_VALUE} when negative), lowercased. */
    String hex(String name, int chars) {
        String v = required(name);
        boolean ok = HEX.matcher(v).matches() && (chars < 0 ? v.length() % 2 == 0 : v.length() == chars);
        if (!ok) {
            throw new MalformedRequest(name);
        }
        return v.toLowerCase(Locale.ROOT);
    }

    String digits(String name, int length) {
        return digits(name, required(name), length);
    }

    /** {@code v} (the value of parameter {@code name}) must be exactly {@code length} ASCII digits. */
    static String digits(String name, String v, int length) {
        if (v.length() != length || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedRequest(name);
        }
        return v;
    }

    String serial() {
        String v = required("serial");
        if (!SERIAL.matcher(v).matches()) {
            throw new MalformedRequest("serial");
        }
        return v;
    }

    String proof(String name) {
        return hex(name, 64);
    }
}
