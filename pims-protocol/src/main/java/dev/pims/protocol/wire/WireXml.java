package dev.pims.protocol.wire;

import java.util.Optional;

/**
 * Writes and reads the protocol's XML: a declaration, one root element, text-only children, no attributes.
 * The reader is tolerant: junk before the declaration, unknown, empty and repeated elements, entities, CDATA,
 * comments and attributes are accepted; children that contain elements are skipped. It never resolves external
 * entities (it is not a general XML parser).
 */
public final class WireXml {
    public static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final int MAX_DEPTH = 32;

    private WireXml() {
    }

    public static String write(WireMessage message) {
        StringBuilder out = new StringBuilder(256).append(DECLARATION);
        out.append('<').append(message.root()).append('>');
        for (var e : message.elements()) {
            if (e.getValue().isEmpty()) {
                out.append('<').append(e.getKey()).append("/>");
            } else {
                out.append('<').append(e.getKey()).append('>');
                escape(e.getValue(), out);
                out.append("</").append(e.getKey()).append('>');
            }
        }
        return out.append("</").append(message.root()).append('>').toString();
    }

    /** Parses a response; empty when no well-formed root element can be found. */
    public static Optional<WireMessage> read(String body) {
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reader(body).message());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
    }

    /** A small recursive-descent reader over the subset the protocol uses. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
            int decl = s.indexOf("<?xml");
            this.pos = decl >= 0 ? decl : 0;
        }

        WireMessage message() {
            skipMisc();
            Tag root = openTag();
            WireMessage.Builder builder = WireMessage.builder(root.name);
            if (root.selfClosing) {
                return builder.build();
            }
            while (true) {
                skipText();
                if (s.startsWith("</", pos)) {
                    closeTag(root.name);
                    return builder.build();
                }
                if (skipMarkup()) {
                    continue;
                }
                Tag child = openTag();
                if (child.selfClosing) {
                    builder.add(child.name, "");
                    continue;
                }
                Optional<String> text = content(child.name, 1);
                text.ifPresent(t -> builder.add(child.name, t));
            }
        }

        /** Text of a child, or empty when it held elements (then skipped up to its end tag). */
        private Optional<String> content(String name, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("too deep");
            }
            StringBuilder text = new StringBuilder();
            boolean nested = false;
            while (true) {
                if (pos >= s.length()) {
                    throw new IllegalArgumentException("unterminated element");
                }
                if (s.startsWith("</", pos)) {
                    closeTag(name);
                    return nested ? Optional.empty() : Optional.of(text.toString().trim());
                }
                if (s.startsWith("<![CDATA[", pos)) {
                    int end = s.indexOf("]]>", pos);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated CDATA");
                    }
                    text.append(s, pos + 9, end);
                    pos = end + 3;
                } else if (skipMarkup()) {
                    continue;
                } else if (s.charAt(pos) == '<') {
                    Tag inner = openTag();
                    if (!inner.selfClosing) {
                        content(inner.name, depth + 1);
                    }
                    nested = true;
                } else if (s.charAt(pos) == '&') {
                    entity(text);
                } else {
                    text.append(s.charAt(pos++));
                }
            }
        }

        private void entity(StringBuilder out) {
            int end = s.indexOf(';', pos);
            if (end < 0 || end - pos > 12) {
                out.append(s.charAt(pos++));
                return;
            }
            String ref = s.substring(pos + 1, end);
            pos = end + 1;
            switch (ref) {
                case "lt" -> out.append('<');
                case "gt" -> out.append('>');
                case "amp" -> out.append('&');
                case "quot" -> out.append('"');
                case "apos" -> out.append('\'');
                default -> {
                    if (ref.startsWith("#")) {
                        try {
                            int cp = ref.startsWith("#x") || ref.startsWith("#X")
                                    ? Integer.parseInt(ref.substring(2), 16)
                                    : Integer.parseInt(ref.substring(1));
                            out.appendCodePoint(cp);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("bad character reference");
                        }
                    } else {
                        out.append('&').append(ref).append(';');
                    }
                }
            }
        }

        private void skipMisc() {
            while (true) {
                skipText();
                if (!skipMarkup()) {
                    return;
                }
            }
        }

        /** Skips a declaration, processing instruction, comment or DOCTYPE at pos; whether it did. */
        private boolean skipMarkup() {
            String end;
            if (s.startsWith("<?", pos)) {
                end = "?>";
            } else if (s.startsWith("<!--", pos)) {
                end = "-->";
            } else if (s.startsWith("<!", pos) && !s.startsWith("<![CDATA[", pos)) {
                end = ">";
            } else {
                return false;
            }
            int at = s.indexOf(end, pos + 2);
            if (at < 0) {
                throw new IllegalArgumentException("unterminated markup");
            }
            pos = at + end.length();
            return true;
        }

        private void skipText() {
            while (pos < s.length() && s.charAt(pos) != '<') {
                pos++;
            }
        }

        private Tag openTag() {
            if (pos >= s.length() || s.charAt(pos) != '<') {
                throw new IllegalArgumentException("expected a tag");
            }
            int end = s.indexOf('>', pos);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated tag");
            }
            String inside = s.substring(pos + 1, end);
            boolean selfClosing = inside.endsWith("/");
            if (selfClosing) {
                inside = inside.substring(0, inside.length() - 1);
            }
            String name = inside.trim().split("[\\s]", 2)[0];
            if (!isName(name)) {
                throw new IllegalArgumentException("bad element name");
            }
            pos = end + 1;
            return new Tag(name, selfClosing);
        }

        private void closeTag(String name) {
            int end = s.indexOf('>', pos);
            if (end < 0 || !s.substring(pos + 2, end).trim().equals(name)) {
                throw new IllegalArgumentException("mismatched end tag");
            }
            pos = end + 1;
        }
    }

    private record Tag(String name, boolean selfClosing) {
    }

}
