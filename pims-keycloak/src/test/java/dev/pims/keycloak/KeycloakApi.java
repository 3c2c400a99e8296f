package dev.pims.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** What the tests ask Keycloak over HTTP: the code exchange of the client, and the admin REST API. */
final class KeycloakApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String realm;

    KeycloakApi(String base, String realm) {
        this.base = base;
        this.realm = realm;
    }

    /** The authorization code exchanged at the token endpoint by the confidential client. */
    JsonNode exchange(String code, String clientId, String secret, String redirectUri) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/realms/" + realm
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", code, "client_id", clientId, "client_secret", secret, "redirect_uri", redirectUri))))
                .build());
        if (r.statusCode() != 200) {
            throw new AssertionError("token endpoint answered " + r.statusCode() + " " + r.body());
        }
        return read(r.body());
    }

    /** The claims of a JWT (the signature is Keycloak's business; the test reads what the client would). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return read(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private String adminToken() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base
                + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id",
                        "admin-cli", "username", KeycloakProcess.ADMIN, "password", KeycloakProcess.ADMIN_PASSWORD))))
                .build());
        if (r.statusCode() != 200) {
            throw new AssertionError("admin login answered " + r.statusCode() + " " + r.body());
        }
        return read(r.body()).get("access_token").asText();
    }

    JsonNode admin(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != expected) {
            throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : read(r.body());
    }

    String userId(String username) {
        return admin("GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8),
                null, 200).get(0).get("id").asText();
    }

    /** Keycloak's brute-force record of a user: numFailures, disabled, ... */
    JsonNode bruteForce(String username) {
        return admin("GET", "/attack-detection/brute-force/users/" + userId(username), null, 200);
    }

    /** The config of the execution of {@code providerId} in flow {@code flowAlias}. */
    ObjectNode stepConfig(String flowAlias, String providerId) {
        JsonNode executions = admin("GET", "/authentication/flows/"
                + URLEncoder.encode(flowAlias, StandardCharsets.UTF_8).replace("+", "%20") + "/executions",
                null, 200);
        for (JsonNode e : executions) {
            if (providerId.equals(e.path("providerId").asText())) {
                return (ObjectNode) admin("GET", "/authentication/config/" + e.get("authenticationConfig").asText(),
                        null, 200);
            }
        }
        throw new AssertionError("no " + providerId + " in " + executions);
    }

    void updateStepConfig(ObjectNode config) {
        admin("PUT", "/authentication/config/" + config.get("id").asText(), config, 204);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
