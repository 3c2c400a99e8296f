package dev.pims.server.console;

import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.http.ClientAddress;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The web console at {@code /console} (docs/console.md): sign-in with the admin token, the overview, and the
 * pages of {@link UserPages}, {@link IntegrationPages}, {@link ApiKeyPages} and {@link RecordPages}.
 */
public final class ConsoleRoutes {
    /** The sign-in form's own CSRF cookie (no session exists yet): its value must come back in the form. */
    static final String PRE_COOKIE = "pims_console_pre";
    private final ConsoleGate gate;
    private final ConsoleAssets assets;
    private final Overview overview;
    private final UserPages users;
    private final IntegrationPages integrations;
    private final ApiKeyPages apiKeys;
    private final RecordPages records;
    private final RandomTokens random;
    private final Clock clock;

    public ConsoleRoutes(ConsoleGate gate, ConsoleAssets assets, Overview overview, UserPages users,
            IntegrationPages integrations, ApiKeyPages apiKeys, RecordPages records,
            RandomTokens random, Clock clock) {
        this.gate = gate;
        this.assets = assets;
        this.overview = overview;
        this.users = users;
        this.integrations = integrations;
        this.apiKeys = apiKeys;
        this.records = records;
        this.random = random;
        this.clock = clock;
    }

    public void register(RoutesConfig r) {
        r.before("/console", ConsoleGate::headers);
        r.before("/console/*", ConsoleGate::headers);
        r.get("/console", this::entry);
        r.get("/console/assets/{file}", assets::serve);
        r.get("/console/sign-in", this::signInForm);
        r.post("/console/sign-in", this::signIn);
        r.post("/console/sign-out", gate.page(this::signOut));
        r.get("/console/overview", gate.page(this::overviewPage));
        r.get("/console/overview/live", gate.page(this::overviewLive));
        users.register(r);
        integrations.register(r);
        apiKeys.register(r);
        records.register(r);
    }

    /** {@code GET /console}: the overview when signed in, else the sign-in form. */
    private void entry(Context ctx) {
        boolean live = gate.sessions().find(ctx.cookie(ConsoleGate.COOKIE)).isPresent();
        ctx.redirect(live ? "/console/overview" : "/console/sign-in", HttpStatus.SEE_OTHER);
    }

    private void signInForm(Context ctx) {
        if (gate.sessions().find(ctx.cookie(ConsoleGate.COOKIE)).isPresent()) {
            ctx.redirect("/console/overview", HttpStatus.SEE_OTHER);
            return;
        }
        String message = ctx.queryParam("expired") != null ? "Your session ended. Sign in again."
                : ctx.queryParam("signed-out") != null ? "You are signed out." : null;
        signInPage(ctx, 200, message, false);
    }

    private void signInPage(Context ctx, int status, String message, boolean error) {
        String pre = random.urlToken(24);
        ConsoleGate.setCookie(ctx, PRE_COOKIE, pre, 3600);
        gate.renderer().render(ctx, status, "signin.jte", new Views.SignInPage(pre, message, error));
    }

    private void signIn(Context ctx) {
        String pre = ctx.cookie(PRE_COOKIE);
        String submitted = ctx.formParam("csrf");
        if (ConsoleGate.crossSite(ctx) || pre == null || submitted == null
                || !MessageDigest.isEqual(pre.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8))) {
            signInPage(ctx, 403, "The sign-in form was refused (it expired or came from another page). Try again.",
                    true);
            return;
        }
        String token = Optional.ofNullable(ctx.formParam("token")).map(String::strip).orElse("");
        switch (gate.sessions().signIn(token, ClientAddress.of(ctx))) {
            case ConsoleSessions.SignIn.Ok ok -> {
                ConsoleGate.setCookie(ctx, PRE_COOKIE, "", 0);
                ConsoleGate.setCookie(ctx, ConsoleGate.COOKIE, ok.secret(), null);
                ctx.redirect("/console/overview", HttpStatus.SEE_OTHER);
            }
            case ConsoleSessions.SignIn.Refused r -> signInPage(ctx, 401,
                    "That is not the admin token. It is in the data directory's admin-token file, or the"
                            + " PIMS_ADMIN_TOKEN the server was started with.", true);
            case ConsoleSessions.SignIn.Throttled t -> {
                ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                signInPage(ctx, 429, "Too many failed sign-ins from this address: try again in "
                        + Math.max(1, (t.retryAfterSeconds() + 59) / 60) + " minute(s).", true);
            }
        }
    }

    private void signOut(Context ctx, ConsoleSessions.Session s) {
        gate.sessions().signOut(s);
        ConsoleGate.clearCookie(ctx);
        ctx.redirect("/console/sign-in?signed-out=1", HttpStatus.SEE_OTHER);
    }

    private Views.OverviewPage overviewModel(Context ctx, ConsoleSessions.Session s) {
        Overview.Figures f = overview.figures();
        List<Chart> charts = List.of(
                Chart.of("OTPs", f, List.of(Overview.Series.ISSUED, Overview.Series.VERIFIED, Overview.Series.REFUSED)),
                Chart.of("PIN errors, blocks and active devices", f,
                        List.of(Overview.Series.PIN_ERRORS, Overview.Series.BLOCKED, Overview.Series.DEVICES)));
        return new Views.OverviewPage(gate.frame(ctx, s, "Overview", "overview"), f, charts,
                Views.time(clock.millis()));
    }

    private void overviewPage(Context ctx, ConsoleSessions.Session s) {
        gate.renderer().render(ctx, 200, "overview.jte", overviewModel(ctx, s));
    }

    /** The overview's figures alone, which the page's htmx fetches again every 30 seconds. */
    private void overviewLive(Context ctx, ConsoleSessions.Session s) {
        gate.renderer().render(ctx, 200, "live.jte", overviewModel(ctx, s));
    }
}
