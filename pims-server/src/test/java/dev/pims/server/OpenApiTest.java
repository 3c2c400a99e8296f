package dev.pims.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.server.mac.MacEndpoint;
import dev.pims.server.testing.TestServer;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/openapi.yaml true: the (method, path) pairs it documents must be exactly the server's routes, as
 * Javalin's router holds them, as the sources register them, and as a live server answers them.
 */
class OpenApiTest {
    private static final Path DOC = Path.of("../docs/openapi.yaml");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
    private static final Pattern PATH_KEY = Pattern.compile("^  (/[^:\\s]*):\\s*$");
    private static final Pattern METHOD_KEY = Pattern.compile("^    (get|post|put|delete|patch|head|options):\\s*$");
    /** {@code r.get("/x", ...)}, {@code routes.post(MacEndpoint.PATH, ...)}: any receiver, a literal or the MAC path. */
    private static final Pattern REGISTRATION = Pattern.compile(
            "\\.(get|post|put|delete|patch|head|options)\\(\\s*(\"(/[^\"]*)\"|MacEndpoint\\.PATH)\\s*,");
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    /** "METHOD /path" for every operation under {@code paths:} (two-space path keys, four-space method keys). */
    static Set<String> documented() throws IOException {
        Set<String> out = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : Files.readAllLines(DOC)) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                inPaths = line.startsWith("paths:");
                path = null;
                continue;
            }
            if (!inPaths) {
                continue;
            }
            Matcher p = PATH_KEY.matcher(line);
            if (p.matches()) {
                path = p.group(1);
                continue;
            }
            Matcher m = METHOD_KEY.matcher(line);
            if (m.matches() && path != null) {
                out.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        return out;
    }

    /** "METHOD /path" for every route registration in the server's main sources. */
    static Set<String> registeredInSources() throws IOException {
        Set<String> out = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(SOURCES)) {
            files = s.filter(f -> f.toString().endsWith(".java")).toList();
        }
        for (Path f : files) {
            Matcher m = REGISTRATION.matcher(Files.readString(f));
            while (m.find()) {
                String path = m.group(3) != null ? m.group(3) : MacEndpoint.PATH;
                out.add(m.group(1).toUpperCase(java.util.Locale.ROOT) + " " + path);
            }
        }
        return out;
    }

    /** "METHOD /path" for every HTTP endpoint (not before/after handlers) in the running server's router. */
    static Set<String> registeredInRouter(PimsServer server) throws ReflectiveOperationException {
        Field f = PimsServer.class.getDeclaredField("app");
        f.setAccessible(true);
        Javalin app = (Javalin) f.get(server);
        Set<String> out = new TreeSet<>();
        for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
            String method = e.endpoint.method.name();
            if (e.endpoint.method.isHttpMethod() && METHODS.contains(method)) {
                out.add(method + " " + e.endpoint.path);
            }
        }
        return out;
    }

    @Test
    void theDocumentHasRoutesAndContractMarks() throws IOException {
        Set<String> doc = documented();
        assertThat(doc).contains("GET /iwws/MAC", "POST /iwws/MAC", "GET /FS", "POST /api/v1/otp/verify",
                "GET /health", "GET /metrics");
        String text = Files.readString(DOC);
        assertThat(text).startsWith("openapi: 3.1");
        assertThat(Pattern.compile("(?m)^\\s+x-contract: true$").matcher(text).results().count()).isEqualTo(8);
    }

    @Test
    void theSourcesRegisterExactlyTheDocumentedRoutes() throws IOException {
        assertThat(registeredInSources()).as("routes registered in src/main/java vs docs/openapi.yaml")
                .containsExactlyInAnyOrderElementsOf(documented());
    }

    @Test
    void theRunningServerServesExactlyTheDocumentedRoutes() throws Exception {
        Set<String> doc = documented();
        try (TestServer s = new TestServer(dir)) {
            assertThat(registeredInRouter(s.server())).as("routes in Javalin's router vs docs/openapi.yaml")
                    .containsExactlyInAnyOrderElementsOf(doc);
            // Javalin's own answer to a route it does not have, to tell it apart from the handlers' answers.
            Answer missing = probe(s, "GET", "/no/such/route-" + System.nanoTime());
            assertThat(missing.status()).isEqualTo(404);
            assertThat(probe(s, "PATCH", "/health")).as("a wrong method").satisfies(a ->
                    assertThat(a.status() == 405 || (a.status() == 404 && a.body().equals(missing.body()))).isTrue());
            List<String> notServed = new ArrayList<>();
            for (String op : doc) {
                String method = op.substring(0, op.indexOf(' '));
                String path = op.substring(op.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x1");
                Answer a = probe(s, method, path);
                if (a.status() == 405 || (a.status() == 404 && a.body().equals(missing.body()))) {
                    notServed.add(op + " -> " + a.status() + " " + a.body());
                }
            }
            assertThat(notServed).as("documented routes the server does not serve").isEmpty();
        }
    }

    private record Answer(int status, String body) { }

    /** An unauthenticated request (no side effect on any route): only whether some handler answers matters. */
    private Answer probe(TestServer s, String method, String path) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path)).header("Accept", "text/plain");
        b.method(method, HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().replace(path, "PATH").replace(method, "METHOD"));
    }
}
