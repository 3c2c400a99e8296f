package dev.pims.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pims keys}: the master key of a running server. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Master key of a running server.",
        subcommands = {KeysCommand.Rotate.class})
public final class KeysCommand implements Runnable {
    public static final String NEW_KEY_ENV = "PIMS_NEW_MASTER_KEY";

    @Override
    public void run() {
        System.err.println("pims keys: say what to do, e.g. pims keys rotate --help");
    }

    /** {@code pims keys rotate}: re-seal every secret under the key in PIMS_NEW_MASTER_KEY, while the server serves. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Re-seal every secret of a running server under a new master key, taken from the"
                    + " environment variable " + NEW_KEY_ENV + " (64 hex characters or base64 of 32 bytes).",
                    "The server keeps serving; it keeps the old key readable until no value uses it. When its key"
                            + " lives in DATA/master.key, the server writes the new key there (the old one in"
                            + " master.key.previous until the end); when it comes from PIMS_MASTER_KEY or the"
                            + " configuration, put the new key there before the next start.",
                    "Waits until the rotation is over and prints the progress; exit status 0 when done."})
    public static final class Rotate implements Callable<Integer> {
        private final ObjectMapper json = new ObjectMapper();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        @Option(names = "--url", required = true, description = "server base URL, e.g. https://pims.example:8443")
        URI url;

        @Option(names = "--admin-token-file", description = "file holding the admin token (else env PIMS_ADMIN_TOKEN)")
        Path adminTokenFile;

        @Option(names = "--no-wait", description = "return once the rotation has started")
        boolean noWait;

        @Option(names = "--timeout-seconds", description = "give up waiting after this long (default: ${DEFAULT-VALUE})")
        int timeoutSeconds = 3600;

        @Override
        public Integer call() throws Exception {
            String key = System.getenv(NEW_KEY_ENV);
            if (key == null || key.isBlank()) {
                System.err.println("pims keys rotate: set " + NEW_KEY_ENV + " to the new master key (openssl rand -hex 32)");
                return 2;
            }
            String token = adminTokenFile != null ? Files.readString(adminTokenFile).strip()
                    : System.getenv("PIMS_ADMIN_TOKEN");
            if (token == null || token.isBlank()) {
                System.err.println("pims keys rotate: give --admin-token-file or set PIMS_ADMIN_TOKEN");
                return 2;
            }
            try {
                HttpResponse<String> r = send(token, "POST", "/admin/v1/keys/rotate",
                        json.writeValueAsString(Map.of("key", key.strip())));
                if (r.statusCode() != 202) {
                    System.err.println("pims keys rotate: the server refused (" + r.statusCode() + "): "
                            + message(r.body()));
                    return 1;
                }
                String id = json.readTree(r.body()).path("current").asText();
                System.out.println("rotation to key " + id + " started");
                if (noWait) {
                    return 0;
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
                while (System.nanoTime() - deadline < 0) {
                    HttpResponse<String> s = send(token, "GET", "/admin/v1/keys", null);
                    if (s.statusCode() == 200) {
                        JsonNode status = json.readTree(s.body());
                        System.out.println("values per key: " + status.path("values"));
                        if (!status.path("rotating").asBoolean()) {
                            System.out.println("rotation done: every secret is sealed under key "
                                    + status.path("current").asText());
                            return 0;
                        }
                    }
                    Thread.sleep(2000);
                }
                System.err.println("pims keys rotate: still running after " + timeoutSeconds
                        + " s; it goes on in the server (GET /admin/v1/keys shows it)");
                return 1;
            } catch (IOException e) {
                System.err.println("pims keys rotate: cannot reach " + url + " (" + e.getClass().getSimpleName() + ")");
                return 1;
            }
        }

        private HttpResponse<String> send(String token, String method, String path, String body)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        private String message(String body) {
            try {
                return json.readTree(body).path("message").asText("no detail");
            } catch (IOException e) {
                return "no detail";
            }
        }
    }
}
