package dev.pims.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Optional;

/** JSON in and out of handlers (Jackson 2 used directly; Javalin's mapper is not involved). */
public final class Json {
    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public com.fasterxml.jackson.databind.node.ArrayNode array() {
        return mapper.createArrayNode();
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    public ObjectNode body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return object();
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        throw ApiException.badRequest("the body must be a JSON object");
    }

    public void send(Context ctx, int status, JsonNode node) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON serialisation failed", e);
        }
    }

    public static Optional<String> text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return Optional.of(n.asText());
    }

    public static Optional<Integer> integer(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw ApiException.badRequest(field + " must be an integer");
        }
        return Optional.of(n.asInt());
    }

    public static Optional<Boolean> bool(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isBoolean()) {
            throw ApiException.badRequest(field + " must be a boolean");
        }
        return Optional.of(n.asBoolean());
    }
}
