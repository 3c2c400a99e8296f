package dev.pims.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a load run leaves behind, undone at its end, also on Ctrl-C (a shutdown hook runs it): the users it
 * created are removed ({@code DELETE /admin/v1/users/{login}}, with their devices, codes and OTPs) and the abuse
 * limits it raised are put back to the values read before. Runs once, whoever calls it first.
 */
final class Cleanup implements Runnable {
    /** The policy fields the generator raises (LoadGenerator.raiseLimits). */
    static final List<String> RAISED = List.of("otpPerDevicePerMinute", "otpPerDevicePerHour");
    private final HttpDriver http;
    private final PrintStream out;
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> policies = new LinkedHashMap<>();
    private final AtomicBoolean done = new AtomicBoolean();

    Cleanup(HttpDriver http, PrintStream out) {
        this.http = http;
        this.out = out;
    }

    /** Reads the limits of {@code macid} before they are raised. */
    synchronized void rememberPolicy(String macid) throws Exception {
        JsonNode p = http.getJson("/admin/v1/integrations/" + macid + "/policy");
        Map<String, Object> saved = new LinkedHashMap<>();
        for (String field : RAISED) {
            saved.put(field, p.path(field).asInt());
        }
        policies.put(macid, saved);
    }

    void user(String login) {
        users.add(login);
    }

    @Override
    public void run() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        int removed = 0;
        int failed = 0;
        for (String login : users) {
            try {
                int status = http.delete("/admin/v1/users/" + login);
                if (status == 204 || status == 404) {
                    removed += status == 204 ? 1 : 0;
                } else {
                    failed++;
                }
            } catch (Exception e) {
                failed++;
            }
        }
        synchronized (this) {
            for (Map.Entry<String, Map<String, Object>> e : policies.entrySet()) {
                try {
                    http.putJson("/admin/v1/integrations/" + e.getKey() + "/policy", e.getValue());
                } catch (Exception ex) {
                    failed++;
                }
            }
        }
        out.printf("cleanup: removed %d users, restored the limits of %s%s%n", removed, policies.keySet(),
                failed == 0 ? "" : "; " + failed + " steps failed (see the admin API)");
    }
}
