package dev.pims.sdk.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void roundTrip() throws JsonException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001é");
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("t", true);
        m.put("z", null);
        m.put("l", Arrays.asList(1L, "x", false));
        String text = Json.write(m);
        assertThat(Json.parse(text)).isEqualTo(m);
    }

    @Test
    void parsesSpecShapes() throws JsonException {
        Map<String, Object> m = Json.parseObject(" {\"access_token\": \"abc\", \"expires_in\": 3600, \"x\": {\"y\": [ ]}, \"u\": \"\\u00e9\"} ");
        assertThat(m.get("access_token")).isEqualTo("abc");
        assertThat(m.get("expires_in")).isEqualTo(3600L);
        assertThat(m.get("u")).isEqualTo("é");
    }

    @Test
    void rejectsGarbage() {
        for (String bad : new String[] {"", "{", "{\"a\":}", "[1,]", "nul", "{\"a\":1}x", "<html>", "{'a':1}", "01"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(JsonException.class);
        }
        assertThatThrownBy(() -> Json.parseObject("[1]")).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100))).isInstanceOf(JsonException.class);
    }
}
