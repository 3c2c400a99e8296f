package dev.pims.server.console;

import dev.pims.server.account.Account;
import dev.pims.server.admin.UserAdminService;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.admin.CounterAdminService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Users: search and pages, one user's account and devices, and the administrator's actions on them. */
public final class UserPages {
    static final int PAGE_SIZE = 20;
    /** The admin API's rules for a new user (AdminRoutes.createUser). */
    private static final Pattern LOGIN = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,128}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ]{4,20}");
    private final ConsoleGate gate;
    private final UserAdminService users;
    private final IntegrationService integrations;
    private final CounterAdminService counters;
    private final Clock clock;

    public UserPages(ConsoleGate gate, UserAdminService users, IntegrationService integrations,
            CounterAdminService counters, Clock clock) {
        this.gate = gate;
        this.users = users;
        this.integrations = integrations;
        this.counters = counters;
        this.clock = clock;
    }

    public void register(RoutesConfig r) {
        r.get("/console/users", gate.page(this::list));
        r.post("/console/users", gate.page(this::create));
        r.get("/console/users/{login}", gate.page(this::show));
        r.post("/console/users/{login}/actions/{action}", gate.page(this::accountAction));
        r.post("/console/users/{login}/activation-codes", gate.page(this::issueCode));
        r.post("/console/users/{login}/devices/{deviceId}/{action}", gate.page(this::deviceAction));
    }

    public static String path(String login) {
        return "/console/users/" + URLEncoder.encode(login, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void list(Context ctx, ConsoleSessions.Session s) {
        list(ctx, s, gate.frame(ctx, s, "Users", "users"), 200);
    }

    private void list(Context ctx, ConsoleSessions.Session s, Views.Frame frame, int status) {
        String q = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).orElse("");
        if (q.length() > 128) {
            throw ConsoleException.badRequest("The search is limited to 128 characters.");
        }
        int page = positive(ctx.queryParam("page"));
        UserAdminService.UserPage p = users.search(q, page, PAGE_SIZE);
        String base = "/console/users?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&page=";
        gate.renderer().render(ctx, status, "users.jte", new Views.UsersPage(frame, q, p,
                page > 1 ? base + (page - 1) : null, page < p.pages() ? base + (page + 1) : null, p.items()));
    }

    private static int positive(String s) {
        if (s == null || s.isBlank()) {
            return 1;
        }
        try {
            int v = Integer.parseInt(s.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ConsoleException.badRequest("The page number must be a whole number from 1.");
    }

    private void create(Context ctx, ConsoleSessions.Session s) {
        String login = Optional.ofNullable(ctx.formParam("login")).map(String::strip).orElse("");
        String phone = Optional.ofNullable(ctx.formParam("phoneNumber")).map(String::strip).orElse("");
        String problem = !LOGIN.matcher(login).matches() ? "The login must be 1-128 letters, digits or . _ @ + -."
                : !phone.isEmpty() && !PHONE.matcher(phone).matches()
                        ? "The phone number must be digits, optionally starting with +." : null;
        if (problem == null && !users.createUser(login, Optional.empty(),
                phone.isEmpty() ? Optional.empty() : Optional.of(phone))) {
            problem = "A user with this login exists already.";
        }
        if (problem != null) {
            list(ctx, s, gate.frame(ctx, s, "Users", "users").withError(problem), problem.contains("exists") ? 409 : 400);
            return;
        }
        ctx.redirect(path(login) + "?done=user-created", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, ConsoleSessions.Session s) {
        render(ctx, s, ctx.pathParam("login"), null);
    }

    private void render(Context ctx, ConsoleSessions.Session s, String login, Views.IssuedCode code) {
        UserAdminService.UserView v = users.find(login).orElseThrow(() -> ConsoleException.notFound("No such user."));
        Account a = v.account();
        long now = clock.millis();
        Optional<Long> lockedUntil = a.pinLocked(now) ? Optional.of(a.pinLockedUntil()) : Optional.empty();
        List<Views.DeviceRow> devices = v.devices().stream().filter(d -> d.state() != DeviceState.REMOVED)
                .map(UserPages::row).toList();
        List<String> macids = integrations.all().stream().map(Integration::macid).toList();
        gate.renderer().render(ctx, 200, "user.jte", new Views.UserPage(gate.frame(ctx, s, "User " + login, "users"),
                login, path(login), a.state().apiName(), a.state().isBlocked(), a.pinErrors(),
                lockedUntil.map(Views::time).orElse(null), a.phoneNumber().orElse(null), a.pin().isPresent(),
                a.activations(), Views.time(a.createdAt()), devices, macids, code));
    }

    private static Views.DeviceRow row(Device d) {
        return new Views.DeviceRow(d.id(), d.name(), d.state().apiName(), d.macid(), Views.time(d.createdAt()),
                Views.time(d.lastUsedAt()), d.state() == DeviceState.ACTIVE, d.state() == DeviceState.DISABLED);
    }

    private void accountAction(Context ctx, ConsoleSessions.Session s) {
        String login = ctx.pathParam("login");
        String action = ctx.pathParam("action");
        switch (action) {
            case "block", "unblock", "reset-pin-errors" -> unwrap(users.setState(login, action));
            case "clear-limits" -> {
                // as DELETE /admin/v1/users/{login}/limits: the exact counters of the account and of its devices
                counters.counters(login, true).orElseThrow(() -> ConsoleException.notFound("No such user."));
            }
            default -> throw ConsoleException.notFound("No such action.");
        }
        ctx.redirect(path(login) + "?done=" + action, HttpStatus.SEE_OTHER);
    }

    private void deviceAction(Context ctx, ConsoleSessions.Session s) {
        String login = ctx.pathParam("login");
        DeviceState target = switch (ctx.pathParam("action")) {
            case "remove" -> DeviceState.REMOVED;
            case "disable" -> DeviceState.DISABLED;
            case "enable" -> DeviceState.ACTIVE;
            default -> throw ConsoleException.notFound("No such action.");
        };
        unwrap(users.changeDevice(login, ctx.pathParam("deviceId"), target));
        ctx.redirect(path(login) + "?done=device-" + ctx.pathParam("action"), HttpStatus.SEE_OTHER);
    }

    private void issueCode(Context ctx, ConsoleSessions.Session s) {
        String login = ctx.pathParam("login");
        String macid = Optional.ofNullable(ctx.formParam("macid")).filter(m -> !m.isBlank())
                .orElse(Integration.DEFAULT_MACID);
        UserAdminService.IssuedCode c = unwrap(users.issueCode(login, macid));
        render(ctx, s, login, new Views.IssuedCode(c.code(), c.macid(), Views.time(c.expiresAt())));
    }

    private static <T> T unwrap(UserAdminService.Outcome<T> o) {
        return switch (o) {
            case UserAdminService.Outcome.Done<T> d -> d.value();
            case UserAdminService.Outcome.NotFound<T> n -> throw ConsoleException.notFound("No such " + n.what() + ".");
            case UserAdminService.Outcome.Conflict<T> c -> throw new ConsoleException(409, "Refused: " + c.why() + ".");
        };
    }
}
