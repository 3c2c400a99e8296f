package dev.pims.server.mac;

import dev.pims.protocol.wire.WireXml;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET|POST /iwws/MAC}: parameters from the raw query string and, for POST, the form body too (a
 * parameter present in both counts as duplicated). Always HTTP 200 with an XML answer.
 */
public final class MacEndpoint {
    public static final String PATH = "/iwws/MAC";
    private final MacService service;

    public MacEndpoint(MacService service) {
        this.service = service;
    }

    public void handle(Context ctx) {
        Optional<Map<String, List<String>>> params = FormParser.parse(ctx.req().getQueryString());
        if (params.isPresent() && "POST".equals(ctx.req().getMethod())) {
            Optional<Map<String, List<String>>> form = FormParser.parse(
                    new String(ctx.bodyAsBytes(), StandardCharsets.ISO_8859_1));
            params = form.isEmpty() ? Optional.empty() : Optional.of(merge(params.get(), form.get()));
        }
        String xml = WireXml.write(service.handle(params));
        ctx.status(200).contentType("text/xml; charset=UTF-8").result(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> merge(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
