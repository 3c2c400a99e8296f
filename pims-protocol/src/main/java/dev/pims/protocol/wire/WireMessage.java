package dev.pims.protocol.wire;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One response of the device protocol: a root element and its text-only children, in order. An empty child means
 * "absent"; a repeated child is a list.
 */
public final class WireMessage {
    private final String root;
    private final List<Map.Entry<String, String>> elements;

    private WireMessage(String root, List<Map.Entry<String, String>> elements) {
        this.root = root;
        this.elements = Collections.unmodifiableList(new ArrayList<>(elements));
    }

    public static Builder builder(String root) {
        return new Builder(root);
    }

    /** A builder whose first element is {@code err=OK}. */
    public static Builder okBuilder(String root) {
        return new Builder(root).add("err", "OK");
    }

    public static WireMessage error(String root, WireError error) {
        return new Builder(root).add("err", error.wire()).build();
    }

    public String root() {
        return root;
    }

    /** The {@code err} value, or the empty string when absent. */
    public String err() {
        return get("err").orElse("");
    }

    public boolean isOk() {
        return "OK".equals(err());
    }

    /** The first occurrence of {@code name}, empty when it is missing or its first occurrence is empty. */
    public Optional<String> get(String name) {
        for (Map.Entry<String, String> e : elements) {
            if (e.getKey().equals(name)) {
                return e.getValue().isEmpty() ? Optional.empty() : Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** Every occurrence of {@code name}, in order, empty ones included as "". */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : elements) {
            if (e.getKey().equals(name)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    public List<Map.Entry<String, String>> elements() {
        return elements;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireMessage m && m.root.equals(root) && m.elements.equals(elements);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, elements);
    }

    /** Names only: values may be secrets. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(root).append('[');
        for (Map.Entry<String, String> e : elements) {
            out.append(e.getKey()).append(e.getKey().equals("err") ? "=" + e.getValue() : "").append(' ');
        }
        return out.append(']').toString();
    }

    public static final class Builder {
        private final String root;
        private final List<Map.Entry<String, String>> elements = new ArrayList<>();

        private Builder(String root) {
            this.root = requireName(root);
        }

        /** Adds one child; a null value is written as an empty element. */
        public Builder add(String name, String value) {
            elements.add(new AbstractMap.SimpleImmutableEntry<>(requireName(name), value == null ? "" : value));
            return this;
        }

        public WireMessage build() {
            return new WireMessage(root, elements);
        }

        private static String requireName(String name) {
            if (name == null || !WireXml.isName(name)) {
                throw new IllegalArgumentException("not an XML element name");
            }
            return name;
        }
    }
}
