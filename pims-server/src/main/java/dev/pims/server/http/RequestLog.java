package dev.pims.server.http;

import dev.pims.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Request id, client address and the access log. {@link #begin} runs before every handler: it takes a sane
 * incoming {@code X-Request-Id} (1-64 of {@code [A-Za-z0-9._-]}) or makes one, returns it as a response header,
 * and puts it and the client address in the MDC ({@code requestId}, {@code client}), so every log line of the
 * request carries them. {@link #handle} writes one line per request: method, path (never the query string, which
 * carries secrets on the device endpoint, nor the body), status, duration, request id, client address; and
 * records the request in the metrics under its route template.
 */
public final class RequestLog implements RequestLogger {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_ID = "requestId";
    public static final String MDC_CLIENT = "client";
    private static final Logger LOG = LoggerFactory.getLogger("dev.pims.server.access");
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ID_ATTRIBUTE = "pims.requestId";
    private final ClientAddress clients;
    private final ServerMetrics metrics;

    public RequestLog(ClientAddress clients, ServerMetrics metrics) {
        this.clients = clients;
        this.metrics = metrics;
    }

    public void begin(Context ctx) {
        MDC.clear();
        String incoming = ctx.header(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : newId();
        ctx.attribute(ID_ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_ID, id);
        MDC.put(MDC_CLIENT, clients.resolve(ctx));
    }

    @Override
    public void handle(Context ctx, Float ms) {
        try {
            String id = ctx.attribute(ID_ATTRIBUTE);
            if (id == null) {
                id = "-";
            }
            // the request id is in the MDC (the log pattern and the JSON format show it once), not in the text
            MDC.put(MDC_ID, id);
            LOG.info("{} {} {} {}ms client={}", ctx.method().name(), ctx.path(), ctx.statusCode(),
                    Math.round(ms), ClientAddress.of(ctx));
            metrics.httpRequest(ctx.method().name(), route(ctx), ctx.statusCode(), (long) (ms * 1_000_000L));
        } finally {
            MDC.clear();
        }
    }

    /** The matched route template, never the raw path (which may carry logins and ids). */
    static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null || endpoint.path == null || !endpoint.method.isHttpMethod() ? "unmatched"
                    : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("%016x%016x", r.nextLong(), r.nextLong());
    }
}
