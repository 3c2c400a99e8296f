package dev.pims.server.http;

import dev.pims.server.accountapi.AccountApiRoutes;
import dev.pims.server.admin.AdminRoutes;
import dev.pims.server.console.ConsoleRoutes;
import dev.pims.server.mac.MacEndpoint;
import dev.pims.server.ops.OpsHttp;
import dev.pims.server.otp.VerifyRoutes;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the Javalin app: routes, JSON errors; request log, health, metrics and TLS in {@link OpsHttp}. */
public final class HttpApp {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApp.class);

    private HttpApp() {
    }

    public static Javalin create(String host, int port, Json json, MacEndpoint mac, VerifyRoutes verify,
            AdminRoutes admin, AccountApiRoutes account, ConsoleRoutes console, OpsHttp ops) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = 64 * 1024;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyHttpConfiguration(h -> h.setRequestHeaderSize(64 * 1024));
            ops.configure(config);
            config.routes.get(MacEndpoint.PATH, mac::handle);
            config.routes.post(MacEndpoint.PATH, mac::handle);
            verify.register(config.routes);
            admin.register(config.routes);
            account.register(config.routes);
            console.register(config.routes);
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
