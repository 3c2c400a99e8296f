package dev.pims.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code --login-flood N}: N concurrent clients sending password logins with wrong passwords to
 * {@code POST /api/v1/oauth/token}, one after the other without pause, while the OTP phase runs (issue 8: a
 * password-hashing flood must not stall the other routes). Half of the attempts name a real login of the run, half
 * an unknown one. The OAuth client is the run's own (created through the admin API, revoked at the end), so the
 * flood works whether or not the server has the development client. Every answer status is counted: 400/401
 * (refused), 429 (address limit), 503 (hashing pool full) are all expected; the figure that matters is the OTP
 * verification latency meanwhile.
 */
final class LoginFlood implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI server;
    private final String body;
    private final String unknownBody;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private long started;
    private long stopped;

    LoginFlood(URI server, String clientId, String clientSecret, String realLogin, String unknownLogin) {
        this.server = server;
        this.body = form(clientId, clientSecret, realLogin);
        this.unknownBody = form(clientId, clientSecret, unknownLogin);
    }

    private static String form(String clientId, String secret, String login) {
        return "grant_type=password&client_id=" + enc(clientId) + "&client_secret=" + enc(secret) + "&username="
                + enc(login) + "&password=" + enc("not-the-password-" + login.hashCode());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    void start(int clients) {
        started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            String b = i % 2 == 0 ? body : unknownBody;
            threads.add(Thread.ofVirtual().name("login-flood-" + i).start(() -> loop(b)));
        }
    }

    private void loop(String form) {
        HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/v1/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        while (!stop) {
            int status;
            try {
                status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                return;
            }
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    /** Attempts per answer status (-1: no answer), and the rate. */
    String summary() {
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((s, n) -> counts.put(s, n.sum()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        double seconds = ((stopped == 0 ? System.nanoTime() : stopped) - started) / 1e9;
        return String.format("%d login attempts in %.1f s (%.0f/s), by status %s", total, seconds, total / seconds,
                counts);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(35));
        }
        stopped = System.nanoTime();
    }
}
