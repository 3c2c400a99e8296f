package dev.pims.server.console;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every console page passes through: security headers, the session cookie (no session: to the sign-in
 * form), the CSRF token of every POST (missing or wrong: 403 and nothing done), and the page frame.
 */
public final class ConsoleGate {
    public static final String COOKIE = "pims_console";
    public static final String PATH = "/console";
    /**
     * No inline script or style anywhere (attributes included): scripts, styles and htmx's requests come from
     * this origin only; forms post only here; no framing.
     */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGate.class);
    /** The notices a page can show after a redirect ({@code ?done=key}): fixed texts, nothing reflected. */
    private static final Map<String, String> NOTICES = Map.ofEntries(
            Map.entry("user-created", "User created."),
            Map.entry("block", "The account is blocked: its OTPs are refused until it is unblocked."),
            Map.entry("unblock", "The account is unblocked and its PIN errors are cleared."),
            Map.entry("reset-pin-errors", "PIN errors reset."),
            Map.entry("clear-limits", "The account's rate-limit counters and temporary PIN lock are cleared."),
            Map.entry("device-remove", "Device removed: its keys are wiped and it can no longer get OTPs."),
            Map.entry("device-disable", "Device disabled."),
            Map.entry("device-enable", "Device enabled."),
            Map.entry("policy-saved", "Policy and limits saved: every node applies them from the next request."),
            Map.entry("integration-created", "Integration created with a new factory key."),
            Map.entry("key-revoked", "API key revoked: requests with it are refused from now on."));
    private final ConsoleSessions sessions;
    private final ConsoleRenderer renderer;
    private final boolean outbox;

    public ConsoleGate(ConsoleSessions sessions, ConsoleRenderer renderer, boolean outbox) {
        this.sessions = sessions;
        this.renderer = renderer;
        this.outbox = outbox;
    }

    /** A page handler: runs only for a live session, after the CSRF check of a POST. */
    @FunctionalInterface
    public interface Page {
        void handle(Context ctx, ConsoleSessions.Session session) throws Exception;
    }

    public boolean outbox() {
        return outbox;
    }

    public ConsoleRenderer renderer() {
        return renderer;
    }

    public ConsoleSessions sessions() {
        return sessions;
    }

    /** Security headers of every console answer (pages are never cached: some show a secret once). */
    public static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    }

    public Handler page(Page page) {
        return ctx -> {
            Optional<ConsoleSessions.Session> session = sessions.find(ctx.cookie(COOKIE));
            if (session.isEmpty()) {
                boolean hadCookie = ctx.cookie(COOKIE) != null;
                if (hadCookie) {
                    clearCookie(ctx);
                }
                String to = PATH + "/sign-in" + (hadCookie ? "?expired=1" : "");
                if (ctx.header("HX-Request") != null) {
                    ctx.header("HX-Redirect", to).status(401);
                } else {
                    ctx.redirect(to, io.javalin.http.HttpStatus.SEE_OTHER);
                }
                return;
            }
            ConsoleSessions.Session s = session.get();
            if (ctx.method() == HandlerType.POST && (crossSite(ctx)
                    || !ConsoleSessions.csrfMatches(s, ctx.formParam("csrf")))) {
                renderer.error(ctx, frame(ctx, s, "Refused", ""), 403,
                        "This form was refused: it did not carry this session's security token. Nothing was changed."
                                + " Reload the page and try again.");
                return;
            }
            try {
                page.handle(ctx, s);
            } catch (ConsoleException e) {
                renderer.error(ctx, frame(ctx, s, e.status() == 404 ? "Not found" : "Refused", ""), e.status(),
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("console {} {} failed: {}", ctx.method().name(), ctx.path(), e.getClass().getName(), e);
                renderer.error(ctx, frame(ctx, s, "Error", ""), 500, "The server could not do this (internal error);"
                        + " the server log has the details.");
            }
        };
    }

    /** A browser that says the request comes from another site (Fetch Metadata): refused whatever it carries. */
    static boolean crossSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        return site != null && !(site.equals("same-origin") || site.equals("none"));
    }

    public Views.Frame frame(Context ctx, ConsoleSessions.Session s, String title, String nav) {
        String done = ctx.queryParam("done");
        return new Views.Frame(title, nav, s.csrf(), outbox, done == null ? null : NOTICES.get(done), null);
    }

    /** HttpOnly, SameSite=Strict, path /console; Secure when the browser reached us over TLS. */
    public static void setCookie(Context ctx, String name, String value, Integer maxAgeSeconds) {
        StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=").append(PATH)
                .append("; HttpOnly; SameSite=Strict");
        if (maxAgeSeconds != null) {
            c.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (secure(ctx)) {
            c.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", c.toString());
    }

    public static void clearCookie(Context ctx) {
        setCookie(ctx, COOKIE, "", 0);
    }

    /**
     * TLS on this server, or a proxy in front saying the browser used https. A forged header can only add the
     * Secure flag, which makes the cookie stricter, never weaker.
     */
    static boolean secure(Context ctx) {
        return ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
