package dev.pims.sdk.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The default transport: {@link HttpURLConnection}, available on every JVM and on Android. */
public final class UrlConnectionTransport implements HttpTransport {

    private static final int MAX_BODY = 1 << 20;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    public UrlConnectionTransport() {
        this(Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public UrlConnectionTransport(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeoutMillis = (int) Math.max(1, connectTimeout.toMillis());
        this.readTimeoutMillis = (int) Math.max(1, readTimeout.toMillis());
    }

    @Override
    public HttpOutcome send(HttpRequest request) {
        HttpURLConnection c = null;
        boolean reusable = false;
        try {
            c = (HttpURLConnection) new URL(request.url()).openConnection();
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setRequestMethod(request.method());
            request.headers().forEach(c::setRequestProperty);
            byte[] body = request.body();
            if (body.length > 0 || "POST".equals(request.method()) || "PUT".equals(request.method())) {
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            if (status < 0) {
                return new HttpOutcome.Failure(HttpOutcome.Kind.UNREACHABLE, "not an HTTP answer");
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = in == null ? new byte[0] : readAll(in);
            reusable = in != null;
            return new HttpOutcome.Response(status, headers(c), answer);
        } catch (SocketTimeoutException e) {
            return new HttpOutcome.Failure(HttpOutcome.Kind.TIMEOUT, "timed out");
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return new HttpOutcome.Failure(HttpOutcome.Kind.UNREACHABLE, e.getClass().getSimpleName());
        } finally {
            // an answer read to its end and closed leaves the connection to the JDK's keep-alive cache (the
            // next request to that server skips the TCP, and TLS, handshake); anything else closes it
            if (c != null && !reusable) {
                c.disconnect();
            }
        }
    }

    private static Map<String, String> headers(HttpURLConnection c) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
            if (e.getKey() != null && !e.getValue().isEmpty()) {
                h.put(e.getKey(), e.getValue().get(0));
            }
        }
        return h;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (InputStream s = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = s.read(buf)) > 0) {
                if (out.size() + n > MAX_BODY) {
                    throw new IOException("answer too large");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
