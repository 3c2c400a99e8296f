package dev.pims.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/** Exact message shapes of pims-sdk.md section 1. */
final class E2eAssert {
    private E2eAssert() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> result(Map<String, Object> m) {
        assertThat(m.get("status")).as("message %s", m).isEqualTo("SUCCEEDED");
        assertThat(m.get("transactionId")).isInstanceOf(String.class);
        assertThat((String) m.get("transactionId")).isNotBlank();
        assertThat(m).doesNotContainKey("error");
        assertThat(m.get("result")).as("GET and these SETs answer a result map").isInstanceOf(Map.class);
        return (Map<String, Object>) m.get("result");
    }

    /** SUCCEEDED; a SET may omit {@code result}, but then nothing else is there. */
    static void ok(Map<String, Object> m) {
        assertThat(m.get("status")).as("message %s", m).isEqualTo("SUCCEEDED");
        assertThat(m.get("transactionId")).isInstanceOf(String.class);
        assertThat(m).doesNotContainKey("error");
        assertThat(m.keySet()).isSubsetOf("transactionId", "status", "result");
    }

    static void failed(Map<String, Object> m, int code) {
        failedWith(m, code, Labels.of(code));
    }

    static void failed(Map<String, Object> m, int code, String placeholder) {
        failedWith(m, code, Labels.of(code, placeholder));
    }

    @SuppressWarnings("unchecked")
    static void failedWith(Map<String, Object> m, int code, String label) {
        assertThat(m.get("status")).as("message %s", m).isEqualTo("FAILED");
        assertThat(m.get("transactionId")).isInstanceOf(String.class);
        assertThat(m.keySet()).containsExactlyInAnyOrder("transactionId", "status", "error");
        Map<String, Object> e = (Map<String, Object>) m.get("error");
        assertThat(e.get("code")).as("error %s", e).isInstanceOf(Integer.class).isEqualTo(code);
        assertThat(e.get("label")).as("error %s", e).isEqualTo(label);
    }
}
