package dev.pims.server.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import dev.pims.server.http.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code GET /admin/v1/keys} (the current key id, stored values per key id, whether a rotation runs) and
 * {@code POST /admin/v1/keys/rotate} (body {@code {"key": "<64 hex or base64 of 32 bytes>"}}: starts a rotation
 * to that key, 202). Admin token only; the key never appears in an answer or a log line.
 */
public final class KeyRoutes {
    private final Auth auth;
    private final Json json;
    private final KeyRotation rotation;

    public KeyRoutes(Auth auth, Json json, KeyRotation rotation) {
        this.auth = auth;
        this.json = json;
        this.rotation = rotation;
    }

    public void register(RoutesConfig r) {
        r.get("/admin/v1/keys", auth.admin(this::status));
        r.post("/admin/v1/keys/rotate", auth.admin(this::rotate));
    }

    private void status(Context ctx) {
        KeyRotation.Status s = rotation.status();
        ObjectNode values = json.object();
        s.values().forEach((id, n) -> values.put(id.isEmpty() ? "none" : id, n));
        json.send(ctx, 200, json.object().put("current", s.current()).put("rotating", s.rotating())
                .put("resealedByThisNode", s.resealedHere()).set("values", values));
    }

    private void rotate(Context ctx) {
        ObjectNode body = json.body(ctx);
        String text = Json.text(body, "key").orElseThrow(() -> ApiException.badRequest("key is required"));
        MasterKey next;
        try {
            next = MasterKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("key must be 64 hex characters or base64 of 32 bytes");
        }
        switch (rotation.start(next)) {
            case KeyRotation.Outcome.Started s -> json.send(ctx, 202, json.object().put("current", s.keyId())
                    .put("rotating", true));
            case KeyRotation.Outcome.AlreadyCurrent a -> throw ApiException.conflict("that key is already the current key");
            case KeyRotation.Outcome.Busy b -> throw ApiException.conflict(
                    "a rotation to key " + b.keyId() + " has not finished yet");
        }
    }
}
