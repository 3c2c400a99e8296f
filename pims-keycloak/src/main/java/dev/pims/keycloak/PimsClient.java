package dev.pims.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls {@code POST /api/v1/otp/verify} of a PIMS server with the JDK's HTTP client. Fails closed: anything
 * but a readable {@code OK} or {@code NOK} within the step's timeout is {@link Verdict.Unavailable}.
 * One instance per Keycloak node (held by the factory); it keeps one HTTP client per connect timeout.
 */
public final class PimsClient implements AutoCloseable {
    private static final int MAX_BODY = 64 * 1024;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    public Verdict verify(StepConfig config, String login, String otp) {
        ObjectNode body = json.createObjectNode().put("login", login).put("otp", otp)
                .put("requirePin", config.requirePin());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(config.verifyUri()).timeout(config.timeout())
                    .header("Authorization", "Bearer " + config.apiKey())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
        } catch (IOException e) {
            return new Verdict.Unavailable("the request could not be written");
        }
        HttpClient client = clients.computeIfAbsent(config.connectTimeout(), t -> HttpClient.newBuilder()
                .connectTimeout(t).followRedirects(HttpClient.Redirect.NEVER).build());
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the wait for the answer; this bound covers everything else too
            response = call.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Verdict.Unavailable("no answer within " + config.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            return new Verdict.Unavailable("interrupted");
        } catch (ExecutionException e) {
            return new Verdict.Unavailable(describe(e.getCause()));
        }
        return read(response);
    }

    private Verdict read(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            return new Verdict.Unavailable("the PIMS server refused the API key (HTTP " + status + ")");
        }
        if (status != 200) {
            return new Verdict.Unavailable("the PIMS server answered HTTP " + status);
        }
        if (response.body().length > MAX_BODY) {
            return new Verdict.Unavailable("the PIMS server's answer is too long");
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (IOException e) {
            return new Verdict.Unavailable("the PIMS server's answer is not JSON");
        }
        JsonNode result = answer == null ? null : answer.get("result");
        if (result != null && "OK".equals(result.asText())) {
            JsonNode pin = answer.get("pinVerified");
            if (pin == null || !pin.isBoolean()) {
                return new Verdict.Unavailable("the PIMS server's OK lacks pinVerified");
            }
            JsonNode device = answer.get("deviceId");
            return new Verdict.Verified(pin.booleanValue(), device == null ? "" : device.asText());
        }
        if (result != null && "NOK".equals(result.asText())) {
            return new Verdict.Refused();
        }
        return new Verdict.Unavailable("the PIMS server's answer has no result");
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (t instanceof ConnectException) {
            return "connection refused or not possible";
        }
        // the class only: a message could quote the request
        return "the call failed: " + (t == null ? "unknown" : t.getClass().getSimpleName());
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::close);
        clients.clear();
    }
}
