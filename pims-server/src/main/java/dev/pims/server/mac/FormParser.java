package dev.pims.server.mac;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strict x-www-form-urlencoded parser for the device endpoint: percent escapes must be well formed and
 * the decoded bytes valid UTF-8, otherwise the whole request is malformed. Keeps every occurrence so
 * that duplicated parameters can be refused.
 */
public final class FormParser {
    private FormParser() {
    }

    public static Optional<Map<String, List<String>>> parse(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return Optional.of(out);
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> name = decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = decode(eq < 0 ? "" : pair.substring(eq + 1));
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.empty();
            }
            out.computeIfAbsent(name.get(), k -> new ArrayList<>()).add(value.get());
        }
        return Optional.of(out);
    }

    static Optional<String> decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] enc = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
