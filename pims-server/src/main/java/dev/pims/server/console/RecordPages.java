package dev.pims.server.console;

import dev.pims.server.audit.AuditLog;
import dev.pims.server.db.Database;
import dev.pims.server.sms.OutboxSmsSender;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** What the server recorded: the audit log (filters and pages) and, in development, the SMS outbox. */
public final class RecordPages {
    static final int PAGE_SIZE = 50;
    /** Offered in the event filter (any prefix is accepted). */
    static final List<String> EVENTS = List.of("activate", "otp", "otp.finalize", "otp.finalize.pin", "otp.setup", "otp.verify",
            "admin", "admin.user", "admin.device", "admin.code.issue", "console", "console.signin", "enrollment",
            "pin", "sms.send", "oauth");
    private final ConsoleGate gate;
    private final AuditLog audit;
    private final Database db;
    private final Optional<OutboxSmsSender> outbox;

    public RecordPages(ConsoleGate gate, AuditLog audit, Database db, Optional<OutboxSmsSender> outbox) {
        this.gate = gate;
        this.audit = audit;
        this.db = db;
        this.outbox = outbox;
    }

    public void register(RoutesConfig r) {
        r.get("/console/audit", gate.page(this::audit));
        r.get("/console/sms-outbox", gate.page(this::outbox));
    }

    private void audit(Context ctx, ConsoleSessions.Session s) {
        String login = param(ctx, "login");
        String event = param(ctx, "event");
        String from = param(ctx, "from");
        String to = param(ctx, "to");
        Long before = null;
        if (ctx.queryParam("before") != null && !ctx.queryParam("before").isBlank()) {
            try {
                before = Long.parseLong(ctx.queryParam("before").strip());
            } catch (NumberFormatException e) {
                throw ConsoleException.badRequest("The page position must be a number.");
            }
        }
        AuditLog.Filter f = new AuditLog.Filter(login, event, instant(from, "From"), instant(to, "To"));
        Long cursor = before;
        List<AuditLog.Entry> entries = db.inTransaction(sql -> audit.search(sql, f, cursor, PAGE_SIZE + 1));
        boolean more = entries.size() > PAGE_SIZE;
        List<AuditLog.Entry> shown = more ? entries.subList(0, PAGE_SIZE) : entries;
        String query = "login=" + enc(login) + "&event=" + enc(event) + "&from=" + enc(from) + "&to=" + enc(to);
        List<Views.AuditRow> rows = shown.stream().map(e -> new Views.AuditRow(e.id(), Views.time(e.at()), e.login(),
                e.login() == null ? null : UserPages.path(e.login()), e.deviceId(), e.event(), e.outcome(),
                e.outcome() != null && e.outcome().startsWith("OK"))).toList();
        gate.renderer().render(ctx, 200, "audit.jte", new Views.AuditPage(gate.frame(ctx, s, "Audit log", "audit"),
                nz(login), nz(event), nz(from), nz(to), rows,
                more ? "/console/audit?" + query + "&before=" + shown.get(shown.size() - 1).id() : null,
                before != null ? "/console/audit?" + query : null, EVENTS));
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        if (v.length() > 128) {
            throw ConsoleException.badRequest("A filter is limited to 128 characters.");
        }
        return v.strip();
    }

    /** {@code 2026-01-01T12:00} (the browser's datetime-local input), read as UTC. */
    private static Long instant(String v, String label) {
        if (v == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ConsoleException.badRequest(label + " must be a date and time such as 2026-01-31T18:00 (UTC).");
        }
    }

    private static String enc(String v) {
        return v == null ? "" : URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static String nz(String v) {
        return v == null ? "" : v;
    }

    private void outbox(Context ctx, ConsoleSessions.Session s) {
        if (outbox.isEmpty()) {
            throw ConsoleException.notFound("This server sends SMS through its webhook: there is no development outbox.");
        }
        String phone = param(ctx, "phoneNumber");
        List<Views.OutboxRow> rows = outbox.get().list(phone).stream().map(e -> new Views.OutboxRow(
                Views.time(e.sentAt()), e.phoneNumber(), e.code(), e.text())).toList();
        gate.renderer().render(ctx, 200, "outbox.jte", new Views.OutboxPage(gate.frame(ctx, s, "SMS outbox", "outbox"),
                nz(phone), rows));
    }
}
