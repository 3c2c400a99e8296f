package dev.pims.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.config.Settings;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's security rules at the HTTP level, on both stores: headers, cookies, the sign-in form's CSRF
 * token, the per-address sign-in limit, CSRF and Fetch Metadata on every POST, session expiry, escaping, the
 * outbox page only with the development sender; and {@code GET /admin/v1/users}.
 */
class ConsoleHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newHttpClient(); // never follows redirects
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Answer(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of()).stream().findFirst()
                    .orElse(null);
        }

        List<String> cookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }

        /** The value set for cookie {@code name}, or null. */
        String cookie(String name) {
            for (String c : cookies()) {
                if (c.startsWith(name + "=")) {
                    return c.substring(name.length() + 1, c.indexOf(';'));
                }
            }
            return null;
        }

        String csrf() {
            Matcher m = CSRF.matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private Answer get(String path, String cookies, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET().build());
    }

    private Answer post(String path, String cookies, Map<String, String> form, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (cookies != null) {
            b.header("Cookie", cookies);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer send(HttpRequest r) throws Exception {
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body(), a.headers().map());
    }

    /** Signs in with {@code token}; the answer to the POST. */
    private Answer signIn(String token, String... headers) throws Exception {
        Answer form = get("/console/sign-in", null);
        String pre = form.cookie(ConsoleRoutes.PRE_COOKIE);
        return post("/console/sign-in", ConsoleRoutes.PRE_COOKIE + "=" + pre, Map.of("csrf", form.csrf(), "token", token),
                headers);
    }

    /** A live session's cookie header. */
    private String session() throws Exception {
        Answer a = signIn(TestServer.ADMIN_TOKEN);
        assertThat(a.status()).isEqualTo(303);
        return ConsoleGate.COOKIE + "=" + a.cookie(ConsoleGate.COOKIE);
    }

    @Test
    void consoleLeadsToTheSignInFormWithStrictHeaders() throws Exception {
        Answer entry = get("/console", null);
        assertThat(entry.status()).isEqualTo(303);
        assertThat(entry.header("Location")).isEqualTo("/console/sign-in");
        Answer form = get("/console/sign-in", null);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Content-Security-Policy")).isEqualTo(ConsoleGate.CSP).contains("script-src 'self'")
                .doesNotContain("unsafe");
        assertThat(form.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(form.header("Cache-Control")).isEqualTo("no-store");
        assertThat(form.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(form.body()).contains("<form method=\"post\" action=\"/console/sign-in\">")
                .doesNotContain("<script>").doesNotContain("style=");
        assertThat(form.cookies()).anySatisfy(c -> assertThat(c).startsWith(ConsoleRoutes.PRE_COOKIE + "=")
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/console").doesNotContain("Secure"));
        Answer page = get("/console/users", null);
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/console/sign-in");
        Answer htmx = get("/console/overview/live", null, "HX-Request", "true");
        assertThat(htmx.status()).isEqualTo(401);
        assertThat(htmx.header("HX-Redirect")).isEqualTo("/console/sign-in");
    }

    @Test
    void assetsComeFromTheJarOnly() throws Exception {
        Answer htmx = get("/console/assets/htmx.min.js", null);
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.header("Content-Type")).startsWith("text/javascript");
        assertThat(htmx.body()).contains("htmx");
        assertThat(get("/console/assets/console.css", null).header("Content-Type")).startsWith("text/css");
        assertThat(get("/console/assets/console.js", null).status()).isEqualTo(200);
        assertThat(get("/console/assets/logback.xml", null).status()).isEqualTo(404);
        assertThat(get("/console/assets/..%2Fconsole.properties", null).status()).isEqualTo(404);
    }

    @Test
    void signInNeedsTheFormsOwnTokenAndTheAdminToken() throws Exception {
        Answer noPre = post("/console/sign-in", null, Map.of("csrf", "x", "token", TestServer.ADMIN_TOKEN));
        assertThat(noPre.status()).isEqualTo(403);
        assertThat(noPre.cookie(ConsoleGate.COOKIE)).isNull();
        Answer crossSite = signIn(TestServer.ADMIN_TOKEN, "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.cookie(ConsoleGate.COOKIE)).isNull();
        Answer wrong = signIn("wrong");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.cookie(ConsoleGate.COOKIE)).isNull();
        Answer ok = signIn(TestServer.ADMIN_TOKEN);
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).isEqualTo("/console/overview");
        assertThat(ok.cookies()).anySatisfy(c -> assertThat(c).startsWith(ConsoleGate.COOKIE + "=")
                .contains("HttpOnly").contains("SameSite=Strict").doesNotContain("Max-Age").doesNotContain("Secure"));
        assertThat(get("/console/overview", ConsoleGate.COOKIE + "=" + ok.cookie(ConsoleGate.COOKIE)).status())
                .isEqualTo(200);
        // behind a TLS-terminating proxy the cookie is Secure
        assertThat(signIn(TestServer.ADMIN_TOKEN, "X-Forwarded-Proto", "https").cookies())
                .anySatisfy(c -> assertThat(c).startsWith(ConsoleGate.COOKIE + "=").contains("; Secure"));
    }

    @Test
    void failedSignInsAreLimitedPerAddress() throws Exception {
        for (int i = 0; i < ConsoleSessions.MAX_FAILURES; i++) {
            assertThat(signIn("wrong-" + i).status()).isEqualTo(401);
        }
        Answer throttled = signIn(TestServer.ADMIN_TOKEN); // even the right token
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.cookie(ConsoleGate.COOKIE)).isNull();
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(throttled.body()).contains("Too many failed sign-ins");
        server.clock.advance(Duration.ofMinutes(ConsoleSessions.FAILURE_WINDOW_MINUTES));
        assertThat(signIn(TestServer.ADMIN_TOKEN).status()).isEqualTo(303);
        JsonNode audit = server.admin("GET", "/admin/v1/audit?limit=3", null).json().get("items");
        assertThat(audit.get(0).get("outcome").asText()).isEqualTo("OK");
        // a throttled sign-in writes nothing: the row before the success is the last wrong token
        assertThat(audit.get(1).get("outcome").asText()).isEqualTo("NOK:token");
    }

    @Test
    void everyPostNeedsTheSessionsCsrfTokenAndTheSameSite() throws Exception {
        server.createUser("carol");
        String cookie = session();
        Answer page = get("/console/users/carol", cookie);
        assertThat(page.status()).isEqualTo(200);
        String csrf = page.csrf();
        assertThat(csrf).isNotBlank();

        assertThat(post("/console/users/carol/actions/block", cookie, Map.of()).status()).isEqualTo(403);
        assertThat(post("/console/users/carol/actions/block", cookie, Map.of("csrf", csrf + "x")).status()).isEqualTo(403);
        assertThat(post("/console/users/carol/actions/block", cookie, Map.of("csrf", csrf), "Sec-Fetch-Site",
                "same-site").status()).isEqualTo(403);
        // another session's token is not this session's
        String other = get("/console/users/carol", session()).csrf();
        assertThat(other).isNotEqualTo(csrf);
        assertThat(post("/console/users/carol/actions/block", cookie, Map.of("csrf", other)).status()).isEqualTo(403);
        assertThat(server.user("carol").get("state").asText()).isEqualTo("NotBlocked");
        // no session at all: to the sign-in form, nothing done
        Answer anonymous = post("/console/users/carol/actions/block", null, Map.of("csrf", csrf));
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(server.user("carol").get("state").asText()).isEqualTo("NotBlocked");

        Answer ok = post("/console/users/carol/actions/block", cookie, Map.of("csrf", csrf), "Sec-Fetch-Site",
                "same-origin");
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).isEqualTo("/console/users/carol?done=block");
        assertThat(server.user("carol").get("state").asText()).isEqualTo("Blocked");
    }

    @Test
    void badInputGetsAPageNeverA500() throws Exception {
        String cookie = session();
        String csrf = get("/console/users", cookie).csrf();
        assertThat(post("/console/users", cookie, Map.of("csrf", csrf, "login", "<b>")).status()).isEqualTo(400);
        assertThat(post("/console/users/nobody/actions/block", cookie, Map.of("csrf", csrf)).status()).isEqualTo(404);
        assertThat(post("/console/users/nobody/actions/explode", cookie, Map.of("csrf", csrf)).status()).isEqualTo(404);
        assertThat(post("/console/users/nobody/activation-codes", cookie, Map.of("csrf", csrf)).status()).isEqualTo(404);
        assertThat(post("/console/integrations/default/policy", cookie, Map.of("csrf", csrf, "pinMinLength", "x"))
                .status()).isEqualTo(400);
        assertThat(post("/console/api-keys/nope/revoke", cookie, Map.of("csrf", csrf)).status()).isEqualTo(404);
        assertThat(post("/console/api-keys", cookie, Map.of("csrf", csrf, "name", " ")).status()).isEqualTo(400);
        assertThat(get("/console/users?page=0", cookie).status()).isEqualTo(400);
        assertThat(get("/console/audit?from=yesterday", cookie).status()).isEqualTo(400);
        assertThat(get("/console/audit?before=x", cookie).status()).isEqualTo(400);
        Answer reflected = get("/console/audit?event=%3Cscript%3Ealert(1)%3C/script%3E&login=%22%3E%3Cx", cookie);
        assertThat(reflected.status()).isEqualTo(200);
        assertThat(reflected.body()).doesNotContain("<script>alert").doesNotContain("\"><x");
        assertThat(get("/console/overview", cookie).status()).isEqualTo(200);
        assertThat(get("/console/overview/live", cookie).body()).startsWith("<div id=\"live\"");
    }

    @Test
    void sessionsExpireWhenIdleOrTooOldAndSignOutEndsThem() throws Exception {
        String cookie = session();
        server.clock.advance(ConsoleConfig.DEFAULT_IDLE.minusMinutes(1));
        assertThat(get("/console/overview", cookie).status()).isEqualTo(200);
        server.clock.advance(ConsoleConfig.DEFAULT_IDLE.plusSeconds(1));
        Answer idle = get("/console/overview", cookie);
        assertThat(idle.status()).isEqualTo(303);
        assertThat(idle.header("Location")).isEqualTo("/console/sign-in?expired=1");
        assertThat(idle.cookies()).anySatisfy(c -> assertThat(c).startsWith(ConsoleGate.COOKIE + "=;").contains("Max-Age=0"));

        cookie = session();
        for (Duration t = Duration.ZERO; t.plus(Duration.ofMinutes(10)).compareTo(ConsoleConfig.DEFAULT_ABSOLUTE) <= 0;
                t = t.plus(Duration.ofMinutes(10))) {
            server.clock.advance(Duration.ofMinutes(10));
            assertThat(get("/console/overview", cookie).status()).as("after %s", t).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(10));
        assertThat(get("/console/overview", cookie).status()).isEqualTo(303);

        cookie = session();
        String csrf = get("/console/overview", cookie).csrf();
        Answer out = post("/console/sign-out", cookie, Map.of("csrf", csrf));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/console/sign-in?signed-out=1");
        assertThat(get("/console/overview", cookie).status()).isEqualTo(303);
        JsonNode audit = server.admin("GET", "/admin/v1/audit?limit=10", null).json().get("items");
        assertThat(audit.get(0).get("event").asText()).isEqualTo("console.signout");
    }

    @Test
    void theSessionLifetimesComeFromTheSettings() throws Exception {
        ConsoleConfig lifetimes = Settings.load(Optional.empty(), Map.of("PIMS_CONSOLE_SESSION_IDLE_MINUTES", "2",
                "PIMS_CONSOLE_SESSION_ABSOLUTE_MINUTES", "5"), Map.of()).builder().build().console();
        server.close();
        server = new TestServer(dir.resolve("short"), b -> b.console(lifetimes));
        String cookie = session();
        server.clock.advance(Duration.ofMinutes(1));
        assertThat(get("/console/overview", cookie).status()).isEqualTo(200);
        // 2 minutes and a second without a request: over the idle lifetime set, well within the default 15
        server.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        Answer idle = get("/console/overview", cookie);
        assertThat(idle.status()).isEqualTo(303);
        assertThat(idle.header("Location")).isEqualTo("/console/sign-in?expired=1");

        cookie = session();
        for (int minute = 1; minute <= 5; minute++) {
            server.clock.advance(Duration.ofMinutes(1));
            assertThat(get("/console/overview", cookie).status()).as("minute %d", minute).isEqualTo(200);
        }
        server.clock.advance(Duration.ofSeconds(1));
        assertThat(get("/console/overview", cookie).status()).as("past the absolute lifetime").isEqualTo(303);
        JsonNode audit = server.admin("GET", "/admin/v1/audit?limit=1", null).json().get("items");
        assertThat(audit.get(0).get("event").asText()).isEqualTo("console.session.expired");
        assertThat(audit.get(0).get("outcome").asText()).isEqualTo("absolute");
    }

    @Test
    void theOutboxPageExistsOnlyWithTheDevelopmentSender() throws Exception {
        String cookie = session();
        assertThat(get("/console/overview", cookie).body()).contains("href=\"/console/sms-outbox\"");
        assertThat(get("/console/sms-outbox", cookie).status()).isEqualTo(200);

        Path other = dir.resolve("webhook-node");
        String url = TestStores.jdbcUrlFor(other);
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0).dataDir(other)
                .adminToken(TestServer.ADMIN_TOKEN).masterKey(TestServer.MASTER_KEY).keyPoolSize(1)
                .smsWebhookUrl("http://127.0.0.1:9/sms");
        if (url != null) {
            b.jdbcUrl(url);
        }
        try (PimsServer webhook = PimsServer.start(b.build())) {
            TestServer client = TestServer.client(webhook.baseUrl());
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl()
                    + "/console/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
            Answer f = new Answer(form.statusCode(), form.body(), form.headers().map());
            String pre = f.cookie(ConsoleRoutes.PRE_COOKIE);
            HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl() + "/console/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", ConsoleRoutes.PRE_COOKIE + "=" + pre)
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + f.csrf() + "&token=" + TestServer.ADMIN_TOKEN))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Answer signedIn = new Answer(in.statusCode(), in.body(), in.headers().map());
            assertThat(signedIn.status()).isEqualTo(303);
            String c = ConsoleGate.COOKIE + "=" + signedIn.cookie(ConsoleGate.COOKIE);
            HttpResponse<String> overview = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl()
                    + "/console/overview")).header("Cookie", c).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(overview.body()).doesNotContain("/console/sms-outbox");
            HttpResponse<String> outbox = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl()
                    + "/console/sms-outbox")).header("Cookie", c).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(outbox.statusCode()).isEqualTo(404);
            assertThat(client.admin("GET", "/admin/v1/users", null).status()).isEqualTo(200);
        } finally {
            if (url != null) {
                TestStores.dropDatabase(url);
            }
        }
    }

    @Test
    void adminListsUsersWithSearchAndPages() {
        for (String login : List.of("anna", "bernard", "carla", "dan.b", "eve+test")) {
            server.createUser(login);
        }
        assertThat(server.admin("POST", "/admin/v1/users", "{\"login\":\"fred\",\"phoneNumber\":\"+33611112222\"}")
                .status()).isEqualTo(201);
        JsonNode all = server.admin("GET", "/admin/v1/users", null).json();
        assertThat(all.get("total").asInt()).isEqualTo(6);
        assertThat(all.get("page").asInt()).isEqualTo(1);
        assertThat(all.get("size").asInt()).isEqualTo(20);
        assertThat(all.get("items").get(0).get("login").asText()).isEqualTo("anna");
        assertThat(all.get("items").get(0).get("state").asText()).isEqualTo("NotBlocked");
        assertThat(all.get("items").get(0).get("devices").asInt()).isZero();

        JsonNode page2 = server.admin("GET", "/admin/v1/users?page=2&size=4", null).json();
        assertThat(page2.get("pages").asInt()).isEqualTo(2);
        assertThat(page2.get("items")).hasSize(2);
        assertThat(page2.get("items").get(0).get("login").asText()).isEqualTo("eve+test");
        assertThat(server.admin("GET", "/admin/v1/users?page=3&size=4", null).json().get("items")).isEmpty();

        JsonNode search = server.admin("GET", "/admin/v1/users?q=AR", null).json(); // case-insensitive
        assertThat(search.get("total").asInt()).isEqualTo(2);
        assertThat(search.get("items").get(0).get("login").asText()).isEqualTo("bernard");
        assertThat(search.get("items").get(1).get("login").asText()).isEqualTo("carla");
        assertThat(server.admin("GET", "/admin/v1/users?q=1111", null).json().get("items").get(0).get("login")
                .asText()).isEqualTo("fred");
        // LIKE wildcards are plain characters
        assertThat(server.admin("GET", "/admin/v1/users?q=%25", null).json().get("total").asInt()).isZero();
        assertThat(server.admin("GET", "/admin/v1/users?q=_", null).json().get("total").asInt()).isZero();
        assertThat(server.admin("GET", "/admin/v1/users?q=%2B", null).json().get("total").asInt()).isEqualTo(2);

        for (String bad : List.of("page=0", "page=-1", "page=x", "size=0", "size=201", "q=" + "x".repeat(129))) {
            TestServer.Response r = server.admin("GET", "/admin/v1/users?" + bad, null);
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        }
        assertThat(server.send("GET", "/admin/v1/users", null, null).status()).isEqualTo(401);
        assertThat(server.send("GET", "/admin/v1/users", null, "pk_wrong").status()).isEqualTo(401);
    }
}
