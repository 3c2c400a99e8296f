package dev.pims.e2e;

import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import dev.pims.sdk.transport.HttpTransport;
import dev.pims.sdk.transport.UrlConnectionTransport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The SDK's real transport to the real server, with one optional fault in front of it. Every fault still
 * talks to the real server (or deliberately does not send); none invents a server of its own.
 */
final class FaultTransport implements HttpTransport {

    /** What to do with one request; {@code real} sends it to the server. */
    @FunctionalInterface
    interface Fault {
        HttpOutcome apply(HttpRequest request, HttpTransport real);
    }

    private final HttpTransport real = new UrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(20));
    private volatile Fault fault;

    @Override
    public HttpOutcome send(HttpRequest request) {
        Fault f = fault;
        return f == null ? real.send(request) : f.apply(request, real);
    }

    void set(Fault f) {
        fault = f;
    }

    void clear() {
        fault = null;
    }

    // ---- which requests ----

    static Predicate<HttpRequest> any() {
        return r -> true;
    }

    static Predicate<HttpRequest> device() {
        return r -> r.url().contains("/iwws/MAC");
    }

    static Predicate<HttpRequest> account() {
        return r -> r.url().contains("/api/v1/me/");
    }

    /** A device-protocol request of that action ({@code ActionSetup}/{@code ActionFinalize}) and mode. */
    static Predicate<HttpRequest> device(String action, String mode) {
        return r -> {
            if (!r.url().contains("/iwws/MAC")) {
                return false;
            }
            Map<String, String> p = form(r);
            return action.equals(p.get("action")) && mode.equals(p.get("mode"));
        };
    }

    static Map<String, String> form(HttpRequest r) {
        String form;
        int q = r.url().indexOf('?');
        if (q >= 0) {
            form = r.url().substring(q + 1);
        } else {
            form = new String(r.body(), StandardCharsets.UTF_8);
        }
        Map<String, String> m = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    // ---- faults ----

    static Fault only(Predicate<HttpRequest> which, Fault f) {
        return (r, real) -> which.test(r) ? f.apply(r, real) : real.send(r);
    }

    /** The server gets the request, but its answer comes after the (short) deadline: a read timeout. */
    static Fault slowerThan(Duration deadline) {
        return (r, real) -> {
            CompletableFuture<HttpOutcome> f = CompletableFuture.supplyAsync(() -> {
                sleep(deadline.multipliedBy(3));
                return real.send(r);
            });
            try {
                return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return new HttpOutcome.Failure(HttpOutcome.Kind.TIMEOUT, "read timed out");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The real answer with its body cut and garbled (a broken proxy). */
    static Fault corruptBody() {
        return (r, real) -> {
            HttpOutcome out = real.send(r);
            if (out instanceof HttpOutcome.Response resp) {
                byte[] b = resp.body();
                byte[] cut = new byte[Math.max(1, b.length / 2)];
                System.arraycopy(b, 0, cut, 0, Math.min(cut.length, b.length));
                cut[0] = (byte) '#';
                return new HttpOutcome.Response(resp.status(), resp.headers(), cut);
            }
            return out;
        };
    }

    /** A proxy in front of the server answering 500 (the server never sees the request). */
    static Fault status500() {
        return (r, real) -> HttpOutcome.Response.of(500, "<html>Internal Server Error</html>");
    }

    /** A transport bug: it throws. */
    static Fault throwing() {
        return (r, real) -> {
            throw new IllegalStateException("transport bug");
        };
    }

    /** The request is never sent: the network is gone for it. */
    static Fault unreachable() {
        return (r, real) -> new HttpOutcome.Failure(HttpOutcome.Kind.UNREACHABLE, "connection refused");
    }

    /**
     * The request reaches the server (which acts on it), the answer is lost: the SDK sees a network failure.
     */
    static Fault answerLost() {
        return (r, real) -> {
            real.send(r);
            return new HttpOutcome.Failure(HttpOutcome.Kind.UNREACHABLE, "connection reset");
        };
    }

    /**
     * The real answer to a device request with its {@code err} replaced by {@code error}: for codes our
     * server never sends on that path, so the SDK's mapping is still exercised over a real exchange.
     */
    static Fault deviceErr(WireError error) {
        return (r, real) -> {
            HttpOutcome out = real.send(r);
            if (out instanceof HttpOutcome.Response resp) {
                WireMessage m = WireXml.read(resp.bodyText()).orElseThrow();
                return HttpOutcome.Response.of(200, WireXml.write(WireMessage.error(m.root(), error)));
            }
            return out;
        };
    }

    /** The real account-API answer replaced by an error body {@code {"error": "NOK:<name>"}}. */
    static Fault accountErr(int status, String name) {
        return (r, real) -> {
            HttpOutcome out = real.send(r);
            if (out instanceof HttpOutcome.Response) {
                return new HttpOutcome.Response(status, Map.of("Content-Type", "application/json"),
                        ("{\"error\":\"NOK:" + name + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            return out;
        };
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
