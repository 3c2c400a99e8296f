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
        return adminAt(method, "/admin/realms/" + realm + path, body, expected);
    }

    /** Creates a realm (a realm representation, as an import takes it); the API of that realm. */
    KeycloakApi createRealm(ObjectNode representation) {
        adminAt("POST", "/admin/realms", representation, 201);
        return new KeycloakApi(base, representation.get("realm").asText());
    }

    private JsonNode adminAt(String method, String path, JsonNode body, int expected) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
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
        JsonNode executions = admin("GET", flowPath(flowAlias) + "/executions", null, 200);
        for (JsonNode e : executions) {
            if (providerId.equals(e.path("providerId").asText())) {
                return (ObjectNode) admin("GET", "/authentication/config/" + e.get("authenticationConfig").asText(),
                        null, 200);
            }
        }
        throw new AssertionError("no " + providerId + " in " + executions);
    }

    // -- building a flow as the admin console does: each call is one action of Authentication -> the flow --

    /** Create flow: a top-level basic flow. */
    void createFlow(String alias, String description) {
        admin("POST", "/authentication/flows", JSON.createObjectNode().put("alias", alias)
                .put("description", description).put("providerId", "basic-flow").put("topLevel", true)
                .put("builtIn", false), 201);
    }

    /** Add step (or Add condition) {@code providerId} at the end of {@code flowAlias}; the new execution's id. */
    String addStep(String flowAlias, String providerId, String requirement) {
        admin("POST", flowPath(flowAlias) + "/executions/execution", JSON.createObjectNode().put("provider", providerId),
                201);
        return require(flowAlias, last(flowAlias, e -> providerId.equals(e.path("providerId").asText())), requirement);
    }

    /** Add sub-flow {@code alias} (a basic flow) at the end of {@code parentAlias}. */
    void addSubFlow(String parentAlias, String alias, String requirement) {
        admin("POST", flowPath(parentAlias) + "/executions/flow", JSON.createObjectNode().put("alias", alias)
                .put("type", "basic-flow").put("provider", "registration-page-form").put("description", ""), 201);
        require(parentAlias, last(parentAlias, e -> e.path("authenticationFlow").asBoolean()
                && alias.equals(e.path("displayName").asText())), requirement);
    }

    /** The step's ⚙ settings: a config named {@code alias} for the execution. */
    void configureStep(String executionId, String alias, Map<String, String> settings) {
        ObjectNode config = JSON.createObjectNode().put("alias", alias);
        settings.forEach(config.putObject("config")::put);
        admin("POST", "/authentication/executions/" + executionId + "/config", config, 201);
    }

    private JsonNode last(String flowAlias, java.util.function.Predicate<JsonNode> which) {
        JsonNode found = null;
        for (JsonNode e : admin("GET", flowPath(flowAlias) + "/executions", null, 200)) {
            if (e.path("level").asInt() == 0 && which.test(e)) {
                found = e;
            }
        }
        if (found == null) {
            throw new AssertionError("the new execution is not in flow " + flowAlias);
        }
        return found;
    }

    /** The requirement drop-down: REQUIRED, ALTERNATIVE, CONDITIONAL, DISABLED. */
    private String require(String flowAlias, JsonNode execution, String requirement) {
        ObjectNode changed = ((ObjectNode) execution).deepCopy().put("requirement", requirement);
        admin("PUT", flowPath(flowAlias) + "/executions", changed, 204);
        return execution.get("id").asText();
    }

    private static String flowPath(String alias) {
        return "/authentication/flows/" + URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20");
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
