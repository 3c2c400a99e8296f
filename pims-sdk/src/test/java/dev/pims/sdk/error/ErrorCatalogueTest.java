package dev.pims.sdk.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {

    record Row(int code, String type, String label) {
    }

    /** RFC 4180 parsing of the spec's CSV (quoted fields may hold commas; spaces are kept). */
    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = ErrorCatalogueTest.class.getResourceAsStream("/pims-errors.csv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = r.readLine();
            assertThat(line).isEqualTo("code,type,label,sub_errors");
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> f = fields(line);
                rows.add(new Row(Integer.parseInt(f.get(0)), f.get(1), f.get(2)));
            }
        }
        return rows;
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    sb.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    @Test
    void everyCsvCodeHasItsExactLabelAndType() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSize(PimsError.values().length);
        for (Row row : rows) {
            PimsError e = PimsError.ofCode(row.code()).orElseThrow(() -> new AssertionError("missing " + row.code()));
            assertThat(e.label()).as("label of %d", row.code()).isEqualTo(row.label());
            assertThat(e.type()).as("type of %d", row.code()).isEqualTo(row.type());
        }
    }

    @Test
    void trailingSpacesAreKept() {
        assertThat(PimsError.INWEBO_ACCOUNT_BLOCKED.label()).isEqualTo("inwebo: account is blocked ");
        assertThat(PimsError.NEED_STRONG_AUTHENTICATION.label()).isEqualTo("Need Strong Authentication ");
    }

    @Test
    void placeholdersAreFilled() {
        assertThat(SdkError.missing("action").label()).isEqualTo("Missing action parameter");
        assertThat(SdkError.invalid("pinCode").label()).isEqualTo("Invalid pinCode parameter");
        assertThat(SdkError.of(PimsError.COMPONENT_NOT_CONFIGURED, "StrongAuthentication").label())
                .isEqualTo("StrongAuthentication not configured");
        assertThat(SdkError.of(PimsError.COMPONENT_NOT_LOADED, "StrongAuthentication").label())
                .isEqualTo("StrongAuthentication not loaded");
        assertThat(SdkError.of(PimsError.CORE_NOT_WELL_CONFIGURED, "x").label()).isEqualTo("Core not well configured");
        assertThat(PimsError.INVALID_RETURN.label("x")).isEqualTo(PimsError.INVALID_RETURN.label());
    }

    @Test
    void exceptionMessageHasNoValues() {
        SdkException e = SdkError.invalid("pinCode").exception();
        assertThat(e.getMessage()).isEqualTo("2102 Invalid pinCode parameter");
        assertThat(e.getStackTrace()).isEmpty();
    }
}
