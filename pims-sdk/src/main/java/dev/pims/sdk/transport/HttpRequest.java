package dev.pims.sdk.transport;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request. {@code body} may be empty (never null). {@link #toString()} shows the method and the
 * URL without its query string, never headers or body.
 */
public record HttpRequest(String method, String url, Map<String, String> headers, byte[] body) {

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers == null ? Collections.<String, String>emptyMap() : headers));
        body = body == null ? new byte[0] : body.clone();
    }

    public static HttpRequest get(String url, Map<String, String> headers) {
        return new HttpRequest("GET", url, headers, null);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpRequest && method.equals(((HttpRequest) o).method) && url.equals(((HttpRequest) o).url)
                && headers.equals(((HttpRequest) o).headers) && Arrays.equals(body, ((HttpRequest) o).body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, url, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        int q = url.indexOf('?');
        return method + " " + (q < 0 ? url : url.substring(0, q));
    }
}
