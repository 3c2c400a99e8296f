package dev.pims.server.http;

import dev.pims.server.limits.AddressLimiter;
import io.javalin.http.Context;

/** The answer to a request beyond a per-address limit: HTTP 429 {@code {"error":"rate_limited"}} with Retry-After. */
public final class RateLimited {
    private RateLimited() {
    }

    public static ApiException answer(Context ctx, AddressLimiter.Decision d) {
        ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
        return new ApiException(429, "rate_limited", "too many requests, retry later");
    }
}
