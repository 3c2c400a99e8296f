package dev.pims.server.console;

import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.integration.Policy;
import dev.pims.server.limits.AbuseLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Integrations and their policies: the list, a new integration, and one integration's policy and abuse limits
 * (the fields and rules of {@code PUT /admin/v1/integrations/{macid}/policy}; rsaBits is fixed by the key).
 */
public final class IntegrationPages {
    private static final Pattern MACID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private final ConsoleGate gate;
    private final IntegrationService integrations;

    public IntegrationPages(ConsoleGate gate, IntegrationService integrations) {
        this.gate = gate;
        this.integrations = integrations;
    }

    /** One number of the policy or of the limits: its form name, label, help and where its value lives. */
    private record Num<T>(String name, String label, String help, Function<T, Integer> get) { }

    private static final List<Num<Policy>> POLICY = List.of(
            new Num<>("pinMinLength", "Shortest PIN", "digits, 4 or more", Policy::pinMinLength),
            new Num<>("pinMaxLength", "Longest PIN", "digits, at most 16", Policy::pinMaxLength),
            new Num<>("maxPinErrors", "Wrong PINs before PinBlocked", "the account is then blocked until an"
                    + " administrator acts", Policy::maxPinErrors),
            new Num<>("maxDevices", "Devices per account", "active or disabled devices", Policy::maxDevices),
            new Num<>("maxActivations", "Activations per account", "in the account's life", Policy::maxActivations),
            new Num<>("codeLength", "Activation code length", "6 to 16 digits", Policy::codeLength),
            new Num<>("codeLifetimeSeconds", "Activation code lifetime (s)", "10 or more", Policy::codeLifetimeSeconds),
            new Num<>("codeMaxTries", "Tries per activation code", "1 or more", Policy::codeMaxTries),
            new Num<>("challengeLifetimeSeconds", "Challenge lifetime (s)", "5 or more",
                    Policy::challengeLifetimeSeconds),
            new Num<>("otpLifetimeSeconds", "OTP lifetime (s)", "5 or more", Policy::otpLifetimeSeconds));

    private static final List<Num<AbuseLimits>> LIMITS = List.of(
            new Num<>("smsPerAccountPerDay", "SMS per account per day", "0 = no limit", AbuseLimits::smsPerAccountPerDay),
            new Num<>("otpPerDevicePerMinute", "OTPs per device per minute", "0 = no limit",
                    AbuseLimits::otpPerDevicePerMinute),
            new Num<>("otpPerDevicePerHour", "OTPs per device per hour", "0 = no limit", AbuseLimits::otpPerDevicePerHour),
            new Num<>("pinLockAfter", "Wrong PINs before a temporary lock", "0 = no temporary lock",
                    AbuseLimits::pinLockAfter),
            new Num<>("pinLockSeconds", "First temporary lock (s)", "doubled by each further wrong PIN; 1-86400",
                    AbuseLimits::pinLockSeconds));

    public void register(RoutesConfig r) {
        r.get("/console/integrations", gate.page(this::list));
        r.post("/console/integrations", gate.page(this::create));
        r.get("/console/integrations/{macid}", gate.page(this::show));
        r.post("/console/integrations/{macid}/policy", gate.page(this::save));
    }

    static String path(String macid) {
        return "/console/integrations/" + URLEncoder.encode(macid, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void list(Context ctx, ConsoleSessions.Session s) {
        list(ctx, gate.frame(ctx, s, "Integrations", "integrations"), 200);
    }

    private void list(Context ctx, Views.Frame frame, int status) {
        List<Views.IntegrationRow> rows = integrations.all().stream().map(i -> new Views.IntegrationRow(i.macid(),
                path(i.macid()), i.policy().pinMinLength(), i.policy().pinMaxLength(), i.policy().maxPinErrors(),
                i.policy().maxDevices(), i.policy().codeLength(), i.policy().rsaBits(), i.policy().pinlessAllowed(),
                Views.time(i.createdAt()))).toList();
        gate.renderer().render(ctx, status, "integrations.jte", new Views.IntegrationsPage(frame, rows));
    }

    private void create(Context ctx, ConsoleSessions.Session s) {
        String macid = Optional.ofNullable(ctx.formParam("macid")).map(String::strip).orElse("");
        Views.Frame frame = gate.frame(ctx, s, "Integrations", "integrations");
        if (!MACID.matcher(macid).matches()) {
            list(ctx, frame.withError("The macid must be 1-128 printable ASCII characters without spaces."), 400);
            return;
        }
        if (integrations.find(macid).isPresent()
                || !(integrations.create(macid, Policy.defaults()) instanceof IntegrationService.CreateResult.Created)) {
            list(ctx, frame.withError("An integration with this macid exists already."), 409);
            return;
        }
        ctx.redirect(path(macid) + "?done=integration-created", HttpStatus.SEE_OTHER);
    }

    private Integration integration(Context ctx) {
        return integrations.find(ctx.pathParam("macid")).orElseThrow(() -> ConsoleException.notFound("No such integration."));
    }

    private void show(Context ctx, ConsoleSessions.Session s) {
        Integration i = integration(ctx);
        render(ctx, gate.frame(ctx, s, "Integration " + i.macid(), "integrations"), 200, i, i.policy(),
                i.limits());
    }

    private void render(Context ctx, Views.Frame frame, int status, Integration i, Policy p, AbuseLimits l) {
        List<Views.Field> policy = new ArrayList<>();
        for (Num<Policy> n : POLICY) {
            policy.add(new Views.Field(n.name(), n.label(), "number", Integer.toString(n.get().apply(p)), n.help()));
        }
        policy.add(new Views.Field("pinlessAllowed", "OTPs without a PIN allowed", "checkbox",
                Boolean.toString(p.pinlessAllowed()), "a relying party can still require the PIN per verification"));
        policy.add(new Views.Field("minClientVersion", "Oldest client version accepted", "text", p.minClientVersion(),
                "empty = any"));
        List<Views.Field> limits = new ArrayList<>();
        for (Num<AbuseLimits> n : LIMITS) {
            limits.add(new Views.Field(n.name(), n.label(), "number", Integer.toString(n.get().apply(l)), n.help()));
        }
        gate.renderer().render(ctx, status, "integration.jte", new Views.IntegrationPage(frame, i.macid(),
                path(i.macid()), i.policy().rsaBits(), i.kfact().publicKey().modulusHex(), Views.time(i.createdAt()),
                List.of(new Views.FieldGroup("Policy", policy), new Views.FieldGroup("Abuse limits", limits))));
    }

    private void save(Context ctx, ConsoleSessions.Session s) {
        Integration i = integration(ctx);
        Views.Frame frame = gate.frame(ctx, s, "Integration " + i.macid(), "integrations");
        int[] pv = new int[POLICY.size()];
        int[] lv = new int[LIMITS.size()];
        try {
            for (int k = 0; k < pv.length; k++) {
                pv[k] = number(ctx, POLICY.get(k));
            }
            for (int k = 0; k < lv.length; k++) {
                lv[k] = number(ctx, LIMITS.get(k));
            }
        } catch (ConsoleException e) {
            render(ctx, frame.withError(e.getMessage()), 400, i, i.policy(), i.limits());
            return;
        }
        String minVersion = Optional.ofNullable(ctx.formParam("minClientVersion")).map(String::strip).orElse("");
        Policy p = new Policy(pv[0], pv[1], pv[2], pv[3], pv[4], pv[5], pv[6], pv[7], pv[8], pv[9],
                ctx.formParam("pinlessAllowed") != null, minVersion, i.policy().rsaBits());
        AbuseLimits l = new AbuseLimits(lv[0], lv[1], lv[2], lv[3], lv[4]);
        String problem = p.problem() != null ? p.problem() : l.problem();
        if (problem != null) {
            render(ctx, frame.withError("Not saved: " + problem + "."), 400, i, p, l);
            return;
        }
        integrations.update(i.macid(), p, l);
        ctx.redirect(path(i.macid()) + "?done=policy-saved", HttpStatus.SEE_OTHER);
    }

    private static int number(Context ctx, Num<?> n) {
        String v = ctx.formParam(n.name());
        try {
            return Integer.parseInt(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw ConsoleException.badRequest("Not saved: \"" + n.label() + "\" must be a whole number.");
        }
    }
}
