package dev.pims.server.console;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's static files, read from the jar once at start: its style sheet and script, and htmx from its
 * webjar. A fixed list of names (no path from the request reaches the class path), so nothing else can be read.
 */
public final class ConsoleAssets {
    private record Asset(byte[] bytes, String type) { }

    private final Map<String, Asset> assets;

    public ConsoleAssets() {
        String htmx = "META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js";
        assets = Map.of(
                "console.css", new Asset(read("dev/pims/server/console/assets/console.css"), "text/css; charset=UTF-8"),
                "console.js", new Asset(read("dev/pims/server/console/assets/console.js"),
                        "text/javascript; charset=UTF-8"),
                "htmx.min.js", new Asset(read(htmx), "text/javascript; charset=UTF-8"));
    }

    public void serve(Context ctx) {
        Asset a = assets.get(ctx.pathParam("file"));
        if (a == null) {
            ctx.status(404).contentType("text/plain; charset=UTF-8").result("no such file");
            return;
        }
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.contentType(a.type()).result(a.bytes());
    }

    private static String htmxVersion() {
        Properties p = new Properties();
        try (InputStream in = resource("dev/pims/server/console/console.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("htmx.version");
    }

    private static byte[] read(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the console's file " + name + " is missing from the jar");
        }
        return in;
    }
}
