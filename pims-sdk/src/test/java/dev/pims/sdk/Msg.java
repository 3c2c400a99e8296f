package dev.pims.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Assertions on callback messages. */
public final class Msg {

    private Msg() {
    }

    public static Map<String, Object> await(CompletableFuture<Map<String, Object>> f) {
        try {
            return f.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no callback", e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> result(Map<String, Object> m) {
        assertThat(m.get("status")).as("message %s", m).isEqualTo("SUCCEEDED");
        assertThat(m.get("transactionId")).isInstanceOf(String.class);
        return (Map<String, Object>) m.get("result");
    }

    @SuppressWarnings("unchecked")
    public static void failed(Map<String, Object> m, int code, String label) {
        assertThat(m.get("status")).as("message %s", m).isEqualTo("FAILED");
        assertThat(m.get("transactionId")).isInstanceOf(String.class);
        assertThat(m).doesNotContainKey("result");
        Map<String, Object> e = (Map<String, Object>) m.get("error");
        assertThat(e.get("code")).isEqualTo(Integer.valueOf(code));
        if (label != null) {
            assertThat(e.get("label")).isEqualTo(label);
        }
    }

    public static void failed(Map<String, Object> m, int code) {
        failed(m, code, null);
    }
}
