package dev.pims.sdk.transport;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What came of one request: an HTTP answer of any status, or no answer at all. */
public sealed interface HttpOutcome permits HttpOutcome.Response, HttpOutcome.Failure {

    /** An answer. Header names are case-insensitive. */
    record Response(int status, Map<String, String> headers, byte[] body) implements HttpOutcome {

        public Response {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                headers.forEach((k, v) -> {
                    if (k != null) {
                        h.put(k, v);
                    }
                });
            }
            headers = Collections.unmodifiableMap(h);
            body = body == null ? new byte[0] : body.clone();
        }

        public static Response of(int status, String body) {
            return new Response(status, Collections.<String, String>emptyMap(), body.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Response && status == ((Response) o).status
                    && java.util.Arrays.equals(body, ((Response) o).body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(status, java.util.Arrays.hashCode(body));
        }

        @Override
        public String toString() {
            return "Response[" + status + ", " + body.length + " bytes]";
        }
    }

    /** No usable answer. {@code detail} is a short technical reason without secrets. */
    record Failure(Kind kind, String detail) implements HttpOutcome {

        public Failure {
            Objects.requireNonNull(kind, "kind");
            detail = detail == null ? "" : detail;
        }
    }

    enum Kind {
        /** Could not connect: DNS, refused, no route, connection reset, TLS failure. */
        UNREACHABLE,
        /** Connected or connecting, but no complete answer in time. */
        TIMEOUT
    }
}
