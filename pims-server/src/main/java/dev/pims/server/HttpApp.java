package dev.pims.server;

import dev.pims.server.accountapi.AccountApiRoutes;
import dev.pims.server.admin.AdminRoutes;
import dev.pims.server.admin.PolicyRoutes;
import dev.pims.server.console.ConsoleRoutes;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Json;
import dev.pims.server.keys.KeyRoutes;
import dev.pims.server.mac.MacEndpoint;
import dev.pims.server.removal.RemovalRoutes;
import dev.pims.server.ops.OpsHttp;
import dev.pims.server.otp.VerifyRoutes;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin app: every route family, JSON errors, the Jetty HTTP configuration; request log, health,
 * metrics and TLS in {@link OpsHttp}. In the root package: it is the only place that knows every route family.
 */
public final class HttpApp {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApp.class);

    private HttpApp() {
    }

    public static Javalin create(String host, int port, Json json, MacEndpoint mac, VerifyRoutes verify,
            AdminRoutes admin, PolicyRoutes policies, AccountApiRoutes account, ConsoleRoutes console, OpsHttp ops,
            KeyRoutes keys, RemovalRoutes removal) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = 64 * 1024;
            config.http.prefer405over404 = true;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyHttpConfiguration(h -> {
                h.setRequestHeaderSize(64 * 1024);
                // Jetty keeps a per-connection cache of header fields and, by default, matches a new field against
                // it ignoring case: after "Authorization: Bearer abc", "Bearer ABC" on the same connection would be
                // handed over as the cached "abc". Tokens are compared exactly, so the cache is off and, should it
                // ever be on, case-sensitive (issue 8 item 6; HeaderCacheTest).
                h.setHeaderCacheSize(0);
                h.setHeaderCacheCaseSensitive(true);
            });
            ops.configure(config);
            config.routes.get(MacEndpoint.PATH, mac::handle);
            config.routes.post(MacEndpoint.PATH, mac::handle);
            config.routes.get("/", HomePage::handle);
            verify.register(config.routes);
            admin.register(config.routes);
            policies.register(config.routes);
            account.register(config.routes);
            console.register(config.routes);
            keys.register(config.routes);
            removal.register(config.routes);
            // no route for the path (404), or not for that method (405), and Javalin's other HTTP answers: JSON
            // like every other error, {"error": "not_found"} / {"error": "method_not_allowed"} / ...
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                String code = switch (e.getStatus()) {
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    default -> HttpStatus.forStatus(e.getStatus()).getMessage().toLowerCase(java.util.Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "_");
                };
                String message = switch (e.getStatus()) {
                    case 404 -> "no such route";
                    case 405 -> "this route does not accept " + ctx.method().name();
                    default -> HttpStatus.forStatus(e.getStatus()).getMessage();
                };
                json.send(ctx, e.getStatus(), json.object().put("error", code).put("message", message));
            });
            config.routes.exception(ApiException.class, (e, ctx) -> json.send(ctx, e.status(),
                    json.object().put("error", e.code()).put("message", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed: {}", ctx.method().name(), ctx.path(), e.getClass().getName(), e);
                if (ctx.path().equals(MacEndpoint.PATH)) {
                    ctx.status(200).contentType("text/xml; charset=UTF-8")
                            .result("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ActionSetup><err>NOK:STATE</err></ActionSetup>");
                } else {
                    json.send(ctx, 500, json.object().put("error", "internal").put("message", "internal error"));
                }
            });
        });
    }
}
