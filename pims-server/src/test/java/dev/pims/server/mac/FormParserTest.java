package dev.pims.server.mac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormParserTest {
    @Test
    void decodesAndKeepsDuplicates() {
        var m = FormParser.parse("a=1&b=x%20y+z&a=2&c").orElseThrow();
        assertThat(m.get("a")).isEqualTo(List.of("1", "2"));
        assertThat(m.get("b")).isEqualTo(List.of("x y z"));
        assertThat(m.get("c")).isEqualTo(List.of(""));
    }

    @Test
    void refusesBrokenEscapesAndInvalidUtf8() {
        assertThat(FormParser.parse("a=%")).isEmpty();
        assertThat(FormParser.parse("a=%G1")).isEmpty();
        assertThat(FormParser.parse("a=%FF")).isEmpty();
        assertThat(FormParser.parse("a=%C3%A9")).isPresent();
    }

    @Test
    void clientVersions() {
        assertThat(ClientVersion.accepted("", null)).isTrue();
        assertThat(ClientVersion.accepted("0.2.11", "Generator-1.0/0.2.11")).isTrue();
        assertThat(ClientVersion.accepted("0.2.12", "Generator-1.0/0.2.11")).isFalse();
        assertThat(ClientVersion.accepted("0.3", "Generator-1.0/1.0")).isTrue();
        assertThat(ClientVersion.accepted("1.0", null)).isFalse();
    }
}
