package dev.pims.server;

import io.javalin.http.Context;

/**
 * {@code GET /}: what this server is and where to go (the console, health, the API description). HTML for a
 * browser, JSON for anything else. Static text: no input is echoed.
 */
final class HomePage {
    private static final String JSON = "{\"name\":\"PIMS strong-authentication server\",\"console\":\"/console\","
            + "\"health\":\"/health\",\"readiness\":\"/health/ready\",\"deviceEndpoint\":\"/iwws/MAC\","
            + "\"api\":\"docs/openapi.yaml in the source tree\"}";
    private static final String HTML = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>PIMS strong-authentication server</title></head>
            <body>
            <h1>PIMS strong-authentication server</h1>
            <p>This server enrolls devices, issues and verifies one-time passwords (mAccess device protocol at
            <code>/iwws/MAC</code>), and serves the account API the PIMS SDK calls.</p>
            <ul>
            <li><a href="/console">Console</a>: sign in with the admin token.</li>
            <li><a href="/health">Health</a> and <a href="/health/ready">readiness</a>.</li>
            </ul>
            <p>The HTTP API is described by <code>docs/openapi.yaml</code> in the source tree.</p>
            </body></html>
            """;

    private HomePage() {
    }

    static void handle(Context ctx) {
        String accept = ctx.header("Accept");
        ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (accept != null && accept.contains("text/html")) {
            ctx.contentType("text/html; charset=utf-8").result(HTML);
        } else {
            ctx.contentType("application/json").result(JSON);
        }
    }
}
