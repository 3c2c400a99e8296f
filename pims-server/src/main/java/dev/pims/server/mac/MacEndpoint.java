package dev.pims.server.mac;

import dev.pims.protocol.wire.Action;
import dev.pims.protocol.wire.Mode;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.protocol.wire.WireXml;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.http.ClientAddress;
import dev.pims.server.limits.AddressLimiter;
import dev.pims.server.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|POST /iwws/MAC}: parameters from the raw query string and, for POST, the form body too (a
 * parameter present in both counts as duplicated). Always HTTP 200 with an XML answer. Requests beyond the
 * per-address limit (a server setting, counted in memory on this node) are answered {@code NOK:FORBIDDEN} without
 * being handled: nothing is read or written for them.
 */
public final class MacEndpoint {
    public static final String PATH = "/iwws/MAC";
    private final MacService service;
    private final AddressLimiter limiter;
    private final ServerMetrics metrics;
    private final CodeAttempts codeAttempts;

    /** {@code codeAttempts}: the per-address budget of wrong activation codes (docs/security.md). */
    public MacEndpoint(MacService service, AddressLimiter limiter, ServerMetrics metrics, CodeAttempts codeAttempts) {
        this.service = service;
        this.limiter = limiter;
        this.metrics = metrics;
        this.codeAttempts = codeAttempts;
    }

    public void handle(Context ctx) {
        long start = System.nanoTime();
        Optional<Map<String, List<String>>> params = FormParser.parse(ctx.req().getQueryString());
        if (params.isPresent() && "POST".equals(ctx.req().getMethod())) {
            Optional<Map<String, List<String>>> form = FormParser.parse(
                    new String(ctx.bodyAsBytes(), StandardCharsets.ISO_8859_1));
            params = form.isEmpty() ? Optional.empty() : Optional.of(merge(params.get(), form.get()));
        }
        Optional<Action> action = params.flatMap(m -> single(m, "action")).flatMap(Action::of);
        Optional<Mode> mode = params.flatMap(m -> single(m, "mode")).flatMap(Mode::of);
        WireMessage answer;
        // activation codes are guessed here: an address that spent its budget of wrong codes is refused unread
        boolean activation = mode.orElse(null) == Mode.ACTIVATE;
        boolean overLimit = !limiter.tryAcquire(ClientAddress.of(ctx)).allowed();
        boolean overCodes = !overLimit && activation && !codeAttempts.admits(ClientAddress.of(ctx));
        if (overLimit || overCodes) {
            metrics.limitExceeded(overLimit ? limiter.name() : "code-failures");
            answer = WireMessage.error(action.orElse(Action.SETUP).wireName(), WireError.FORBIDDEN);
        } else {
            answer = service.handle(params);
            if (activation && WireError.CODE.wire().equals(answer.err())) {
                codeAttempts.failedFrom(ClientAddress.of(ctx));
            }
        }
        String result = answer.err();
        String actionTag = action.map(a -> a == Action.SETUP ? "setup" : "finalize").orElse("unknown");
        String modeTag = mode.map(Mode::wireName).orElse("unknown");
        metrics.deviceRequest(actionTag, modeTag, result, System.nanoTime() - start);
        if ("OK".equals(result) && action.orElse(null) == Action.FINALIZE && mode.isPresent()) {
            switch (mode.get()) {
                case ACTIVATE -> metrics.activation("activate");
                case MS -> metrics.activation("ms");
                default -> { }
            }
        }
        String xml = WireXml.write(answer);
        ctx.status(200).contentType("text/xml; charset=UTF-8").result(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> single(Map<String, List<String>> m, String name) {
        List<String> v = m.get(name);
        return v == null || v.size() != 1 ? Optional.empty() : Optional.of(v.get(0));
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
