package dev.pims.server.accountapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** HTTP helpers for the account API tests: form posts, bearer + X-Pims-Macid headers, the SMS outbox. */
final class AccountClient {
    static final String CLIENT_ID = "pims-dev";
    static final String CLIENT_SECRET = "pims-dev-secret";
    private final HttpClient http = HttpClient.newHttpClient();
    private final TestServer server;

    AccountClient(TestServer server) {
        this.server = server;
    }

    TestServer.Response form(String path, Map<String, String> fields, String basicAuth) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (basicAuth != null) {
            b.header("Authorization", "Basic " + basicAuth);
        }
        return send(b);
    }

    TestServer.Response raw(String method, String path, String contentType, String body, String token, String macid) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (macid != null) {
            b.header("X-Pims-Macid", macid);
        }
        b.header("Accept", "application/json");
        return send(b);
    }

    TestServer.Response call(String method, String path, String json, String token, String macid) {
        return raw(method, path, "application/json; charset=utf-8", json, token, macid);
    }

    TestServer.Response call(String method, String path, String json, String token) {
        return call(method, path, json, token, null);
    }

    private TestServer.Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new TestServer.Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an account with a password (and optionally a trusted phone) through the admin API. */
    void createUser(String login, String password, String phone) {
        String body = "{\"login\":\"" + login + "\",\"password\":\"" + password + "\""
                + (phone == null ? "" : ",\"phoneNumber\":\"" + phone + "\"") + "}";
        server.secret(password);
        TestServer.Response r = server.admin("POST", "/admin/v1/users", body);
        if (r.status() != 201) {
            throw new IllegalStateException("user: " + r.status() + " " + r.body());
        }
    }

    TestServer.Response passwordGrant(String login, String password) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "password");
        f.put("username", login);
        f.put("password", password);
        f.put("client_id", CLIENT_ID);
        f.put("client_secret", CLIENT_SECRET);
        TestServer.Response r = form("/api/v1/oauth/token", f, null);
        if (r.status() == 200) {
            JsonNode j = r.json();
            server.secret(j.get("access_token").asText());
            server.secret(j.get("refresh_token").asText());
            server.secret(j.get("id_token").asText());
        }
        return r;
    }

    String login(String login, String password) {
        TestServer.Response r = passwordGrant(login, password);
        if (r.status() != 200) {
            throw new IllegalStateException("login: " + r.status() + " " + r.body());
        }
        return r.json().get("access_token").asText();
    }

    /** The newest SMS of the development outbox for that number. */
    JsonNode lastSms(String phone) {
        TestServer.Response r = server.admin("GET", "/admin/v1/sms-outbox?phoneNumber="
                + URLEncoder.encode(phone, StandardCharsets.UTF_8), null);
        if (r.status() != 200 || r.json().isEmpty()) {
            throw new IllegalStateException("no SMS for that number: " + r.status());
        }
        server.secret(r.json().get(0).get("code").asText());
        return r.json().get(0);
    }

    String lastCode(String phone) {
        return lastSms(phone).get("code").asText();
    }

    TestServer.Response requestSms(String token, String type, String phone, String macid) {
        String body = "{\"type\":\"" + type + "\"" + (phone == null ? "" : ",\"phoneNumber\":\"" + phone + "\"") + "}";
        return call("POST", "/api/v1/me/sms-codes", body, token, macid);
    }

    /** Certification SMS then POST phone-number: the account's trusted phone is {@code phone}. */
    void addPhone(String token, String phone) {
        TestServer.Response r = requestSms(token, "phoneNumberCertification", phone, null);
        if (r.status() != 202) {
            throw new IllegalStateException("sms: " + r.status() + " " + r.body());
        }
        TestServer.Response add = call("POST", "/api/v1/me/phone-number",
                "{\"phoneNumber\":\"" + phone + "\",\"smsCode\":\"" + lastCode(phone) + "\"}", token);
        if (add.status() != 200) {
            throw new IllegalStateException("add phone: " + add.status() + " " + add.body());
        }
    }
}
