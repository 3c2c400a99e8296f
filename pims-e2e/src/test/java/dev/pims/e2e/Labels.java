package dev.pims.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The exact labels of pims-errors.csv (the spec's copy shipped in pims-sdk's test-jar), placeholders filled. */
final class Labels {
    private static final Map<Integer, String> LABELS = load();

    private Labels() {
    }

    static String of(int code) {
        String l = LABELS.get(code);
        if (l == null) {
            throw new IllegalArgumentException("no such code " + code);
        }
        return l;
    }

    /** The label with {@code [PARAMETER]} / {@code [Component]} replaced. */
    static String of(int code, String placeholderValue) {
        return of(code).replace("[PARAMETER]", placeholderValue).replace("[Component]", placeholderValue);
    }

    private static Map<Integer, String> load() {
        try (InputStream in = Labels.class.getResourceAsStream("/pims-errors.csv")) {
            if (in == null) {
                throw new IllegalStateException("pims-errors.csv not on the test classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<Integer, String> m = new HashMap<>();
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isEmpty()) {
                    List<String> cells = cells(line);
                    m.put(Integer.valueOf(cells.get(0)), cells.get(2));
                }
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
