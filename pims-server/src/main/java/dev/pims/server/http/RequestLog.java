package dev.pims.server.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request: method, path (never the query string or the body), status, duration. */
public final class RequestLog implements RequestLogger {
    private static final Logger LOG = LoggerFactory.getLogger("dev.pims.server.access");

    @Override
    public void handle(Context ctx, Float ms) {
        LOG.info("{} {} {} {}ms", ctx.method().name(), ctx.path(), ctx.statusCode(), Math.round(ms));
    }
}
