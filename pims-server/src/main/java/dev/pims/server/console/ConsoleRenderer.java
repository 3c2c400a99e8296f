package dev.pims.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the precompiled JTE templates (src/main/jte, generated into {@code dev.pims.server.console.templates}
 * at build time: nothing is compiled at run time). HTML output escapes every value by context.
 */
public final class ConsoleRenderer {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html,
            ConsoleRenderer.class.getClassLoader(), "dev.pims.server.console.templates");

    /** Renders {@code template} (its single parameter is named {@code m}) as the answer, with {@code status}. */
    public void render(Context ctx, int status, String template, Object model) {
        StringOutput out = new StringOutput();
        engine.render(template, Map.of("m", model), out);
        ctx.status(status).contentType("text/html; charset=UTF-8").result(out.toString());
    }

    public void error(Context ctx, Views.Frame frame, int status, String message) {
        render(ctx, status, "error.jte", new Views.ErrorPage(frame, status, message));
    }
}
