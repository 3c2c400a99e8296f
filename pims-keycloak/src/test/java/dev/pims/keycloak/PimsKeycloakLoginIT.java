package dev.pims.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The PIMS step in a real Keycloak: the distribution Maven unpacked under target/, the provider jar in its
 * providers/ folder, the realm of {@code pims-realm.json} (client, user, flow "password then PIMS OTP",
 * the user-session-note mapper), a real PIMS server, a device enrolled through the SDK facade, and a
 * headless Chromium that logs in. A second realm, {@link StepUpRealm}, is built through the admin REST API: there
 * the PIMS step with Require the PIN is level 2 of the flow and {@code acr} says whether it was reached. One
 * Keycloak for the whole class; its start-up time is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PimsKeycloakLoginIT {
    private static final String REALM = "pims";
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-password";
    private static final String PIN = "2468";
    private static final String CLIENT = "app";
    private static final String CLIENT_SECRET = "app-secret";
    private static final String FLOW = "pims forms";
    private static final String INVALID = "Invalid one-time password. Ask your app for a new one.";
    private static final String NO_LOGIN = "Your account is not set up for one-time passwords. Contact your administrator.";
    private static final String UNAVAILABLE = "The one-time password cannot be checked right now. Try again later.";

    private static Path work;
    private static PimsSide pims;
    private static PimsSide.App app;
    private static String apiKey;
    private static HttpServer callback;
    private static String redirectUri;
    private static KeycloakProcess keycloak;
    private static KeycloakApi api;
    /** The realm of docs/keycloak.md section 6 where {@code acr} carries the PIN. */
    private static KeycloakApi stepUp;
    private static ChromeDriver browser;
    /** Every OTP typed into Keycloak, for the log check. */
    private static final List<String> typed = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String home = System.getProperty("pims.keycloak.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin/kc.sh"))) {
            Browser.missing("the Keycloak distribution is unpacked by Maven (run: ./mvnw -pl pims-keycloak -am verify)");
        }
        browser = Browser.start();
        work = Path.of(System.getProperty("pims.keycloak.work"));
        KeycloakProcess.deleteTree(work);
        Files.createDirectories(work.resolve("screenshots"));

        pims = new PimsSide(Files.createDirectories(work.resolve("pims/server")));
        pims.createIntegration();
        apiKey = pims.createApiKey("keycloak");
        app = pims.enroll(USER, "pims-password-of-alice", "+33612345678", PIN);

        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/cb", x -> {
            byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        callback.start();
        redirectUri = "http://127.0.0.1:" + callback.getAddress().getPort() + "/cb";

        String realm = new String(PimsKeycloakLoginIT.class.getResourceAsStream("/pims-realm.json").readAllBytes(),
                StandardCharsets.UTF_8).replace("@PIMS_URL@", pims.baseUrl()).replace("@CALLBACK@", redirectUri);
        keycloak = new KeycloakProcess(Path.of(home), Path.of(System.getProperty("pims.keycloak.provider")),
                work.resolve("keycloak"), REALM, realm, Map.of("pims-api-key", apiKey));
        String seconds = String.format(java.util.Locale.ROOT, "%.1f", keycloak.startup.toMillis() / 1000.0);
        System.out.println("Keycloak start-up (re-augmentation with the provider, realm import): " + seconds + " s");
        Files.writeString(work.resolve("keycloak-startup-seconds.txt"), seconds + "\n");
        api = new KeycloakApi(keycloak.baseUrl(), REALM);
        keycloak.putVaultEntry(StepUpRealm.NAME, "pims-api-key", apiKey);
        stepUp = StepUpRealm.create(api, pims.baseUrl(), USER, PASSWORD, CLIENT, CLIENT_SECRET, redirectUri);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (keycloak != null) {
            keycloak.close();
        }
        if (callback != null) {
            callback.stop(0);
        }
        if (app != null) {
            app.close();
        }
        if (pims != null) {
            pims.close();
        }
    }

    @Test
    @Order(1)
    void aPinProvenOtpSignsInAndTheTokenSaysThePinWasProven() throws IOException {
        openOtpPage();
        screenshot("keycloak-otp-page");
        String otp = app.otpWithPin(PIN);
        JsonNode tokens = signedIn(submit(otp));
        assertThat(KeycloakApi.claims(tokens.get("id_token").asText()).get("pims_pin_verified").asBoolean(false))
                .isTrue();
        assertThat(KeycloakApi.claims(tokens.get("access_token").asText()).get("pims_pin_verified").isBoolean())
                .isTrue();
        // the step spent the OTP at the PIMS server
        assertThat(pims.verify(USER, otp, false).get("result").asText()).isEqualTo("NOK");
    }

    @Test
    @Order(2)
    void anOtpWithoutPinSignsInWhereTheRealmAllowsItAndTheClaimIsFalse() {
        openOtpPage();
        JsonNode tokens = signedIn(submit(app.otpWithoutPin()));
        JsonNode claim = KeycloakApi.claims(tokens.get("access_token").asText()).get("pims_pin_verified");
        assertThat(claim.isBoolean()).isTrue();
        assertThat(claim.booleanValue()).isFalse();
    }

    @Test
    @Order(3)
    void aWrongOtpIsRefusedWithKeycloaksErrorAndCountsAsAFailedLogin() throws IOException {
        openOtpPage();
        int before = api.bruteForce(USER).get("numFailures").asInt();
        assertThat(refused(submit("98765432"))).isEqualTo(INVALID);
        screenshot("keycloak-otp-refused");
        assertThat(api.bruteForce(USER).get("numFailures").asInt()).isEqualTo(before + 1);
        // the same page takes the right one
        signedIn(submit(app.otpWithPin(PIN)));
    }

    @Test
    @Order(4)
    void aReplayedOtpIsRefusedAndCounts() {
        String otp = app.otpWithPin(PIN);
        openOtpPage();
        signedIn(submit(otp));
        openOtpPage();
        int before = api.bruteForce(USER).get("numFailures").asInt();
        assertThat(refused(submit(otp))).isEqualTo(INVALID);
        assertThat(api.bruteForce(USER).get("numFailures").asInt()).isEqualTo(before + 1);
        signedIn(submit(app.otpWithPin(PIN)));
    }

    @Test
    @Order(5)
    void aRealmThatRequiresThePinRefusesAnOtpWithoutPin() {
        ObjectNode config = api.stepConfig(FLOW, PimsOtpAuthenticatorFactory.ID);
        ObjectNode original = config.deepCopy();
        settings(config).put(StepConfig.REQUIRE_PIN, "true");
        try {
            api.updateStepConfig(config);
            openOtpPage();
            assertThat(browser.findElement(By.id("pims-otp-hint")).getText()).contains("enter your PIN");
            assertThat(refused(submit(app.otpWithoutPin()))).isEqualTo(INVALID);
            JsonNode tokens = signedIn(submit(app.otpWithPin(PIN)));
            assertThat(KeycloakApi.claims(tokens.get("id_token").asText()).get("pims_pin_verified").asBoolean(false))
                    .isTrue();
        } finally {
            api.updateStepConfig(restored(original));
        }
    }

    @Test
    @Order(6)
    void withThePimsServerStoppedTheLoginIsRefusedAndTheOtpIsNotSpent() throws IOException {
        String otp = app.otpWithPin(PIN);
        openOtpPage();
        int before = api.bruteForce(USER).get("numFailures").asInt();
        pims.stop();
        try {
            assertThat(refused(submit(otp))).isEqualTo(UNAVAILABLE);
            screenshot("keycloak-pims-unavailable");
            // an outage is not the user's failure
            assertThat(api.bruteForce(USER).get("numFailures").asInt()).isEqualTo(before);
        } finally {
            pims.start();
        }
        signedIn(submit(otp));
    }

    @Test
    @Order(7)
    void aPimsServerThatDoesNotAnswerRefusesTheLoginWithinTheConfiguredTimeout() throws Exception {
        ObjectNode config = api.stepConfig(FLOW, PimsOtpAuthenticatorFactory.ID);
        ObjectNode original = config.deepCopy();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            settings(config).put(StepConfig.SERVER_URL, "http://127.0.0.1:" + silent.getLocalPort())
                    .put(StepConfig.TIMEOUT_MS, "1500");
            api.updateStepConfig(restored(config));
            String otp = app.otpWithPin(PIN);
            openOtpPage();
            long start = System.nanoTime();
            String message = refused(submit(otp));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("refusal with a silent PIMS server and a 1500 ms timeout took " + took.toMillis() + " ms");
            assertThat(message).isEqualTo(UNAVAILABLE);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
            assertThat(held).isNotEmpty();
        } finally {
            for (Socket s : held) {
                s.close();
            }
            api.updateStepConfig(restored(original));
        }
    }

    @Test
    @Order(8)
    void aStepWhoseVaultEntryIsMissingRefusesTheLoginAndLogsWhatToFix() {
        ObjectNode config = api.stepConfig(FLOW, PimsOtpAuthenticatorFactory.ID);
        ObjectNode original = config.deepCopy();
        settings(config).put(StepConfig.API_KEY, "${vault.no-such-entry}");
        try {
            api.updateStepConfig(config);
            openOtpPage();
            assertThat(refused(submit(app.otpWithPin(PIN)))).isEqualTo(UNAVAILABLE);
            assertThat(keycloak.logText()).contains("pims_misconfigured")
                    .contains("the PIMS API key names a vault entry that the vault does not have");
        } finally {
            api.updateStepConfig(restored(original));
        }
    }

    @Test
    @Order(9)
    void theAdminConsoleOffersTheStepWithItsSettingsAndTheKeyAsASecret() {
        JsonNode providers = api.admin("GET", "/authentication/authenticator-providers", null, 200);
        assertThat(providers.findValuesAsText("id")).contains(PimsOtpAuthenticatorFactory.ID);
        JsonNode description = api.admin("GET", "/authentication/config-description/"
                + PimsOtpAuthenticatorFactory.ID, null, 200);
        assertThat(description.get("name").asText()).isEqualTo("PIMS OTP");
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        description.get("properties").forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName).containsOnlyKeys(StepConfig.SERVER_URL, StepConfig.API_KEY, StepConfig.REQUIRE_PIN,
                StepConfig.LOGIN_ATTRIBUTE, StepConfig.CONNECT_TIMEOUT_MS, StepConfig.TIMEOUT_MS);
        assertThat(byName.get(StepConfig.API_KEY).get("secret").asBoolean()).isTrue();
        assertThat(byName.get(StepConfig.REQUIRE_PIN).get("defaultValue").asText()).isEqualTo("true");
    }

    @Test
    @Order(10)
    void theLoginAttributeSettingNamesThePimsLogin() {
        // a realm keeps attributes outside its user profile only when told to
        ObjectNode profile = (ObjectNode) api.admin("GET", "/users/profile", null, 200);
        profile.put("unmanagedAttributePolicy", "ENABLED");
        api.admin("PUT", "/users/profile", profile, 200);
        String id = api.userId(USER);
        ObjectNode config = api.stepConfig(FLOW, PimsOtpAuthenticatorFactory.ID);
        ObjectNode original = config.deepCopy();
        settings(config).put(StepConfig.LOGIN_ATTRIBUTE, "pims_login");
        try {
            api.updateStepConfig(restored(config));
            openOtpPage();
            assertThat(refused(submit(app.otpWithPin(PIN)))).isEqualTo(NO_LOGIN);
            setAttribute(id, "pims_login", "someone-else");
            openOtpPage();
            assertThat(refused(submit(app.otpWithPin(PIN)))).isEqualTo(INVALID);
            setAttribute(id, "pims_login", USER);
            openOtpPage();
            signedIn(submit(app.otpWithPin(PIN)));
        } finally {
            api.updateStepConfig(restored(original));
        }
    }

    private static void setAttribute(String userId, String name, String value) {
        ObjectNode user = (ObjectNode) api.admin("GET", "/users/" + userId, null, 200);
        user.putObject("attributes").putArray(name).add(value);
        api.admin("PUT", "/users/" + userId, user, 204);
    }

    @Test
    @Order(11)
    void afterEnoughWrongOtpsBruteForceDetectionLocksTheUserOutAndPimsIsNotAsked() {
        ObjectNode realm = (ObjectNode) api.admin("GET", "", null, 200);
        int factor = realm.get("failureFactor").asInt();
        String id = api.userId(USER);
        realm.put("failureFactor", 2);
        api.admin("PUT", "", realm, 204);
        try {
            openOtpPage();
            assertThat(refused(submit("11111111"))).isEqualTo(INVALID);
            assertThat(refused(submit("22222222"))).isEqualTo(INVALID);
            assertThat(api.bruteForce(USER).get("disabled").asBoolean()).isTrue();
            String otp = app.otpWithPin(PIN);
            assertThat(refused(submit(otp))).isEqualTo(INVALID);
            // refused by Keycloak before PIMS was asked: the OTP is still good
            assertThat(pims.verify(USER, otp, true).get("result").asText()).isEqualTo("OK");
        } finally {
            realm.put("failureFactor", factor);
            api.admin("PUT", "", realm, 204);
            api.admin("DELETE", "/attack-detection/brute-force/users/" + id, null, 204);
        }
        openOtpPage();
        signedIn(submit(app.otpWithPin(PIN)));
    }

    @Test
    @Order(12)
    void anExpiredOtpIsRefused() {
        String otp = app.otpWithPin(PIN);
        pims.clock.advance(Duration.ofMinutes(10));
        openOtpPage();
        assertThat(refused(submit(otp))).isEqualTo(INVALID);
        signedIn(submit(app.otpWithPin(PIN)));
    }

    @Test
    @Order(13)
    void askedForThePinLevelAPinProvenOtpSignsInWithTheAcrOfThePinLevel() {
        openOtpPage(StepUpRealm.NAME, "acr_values=" + StepUpRealm.ACR_PIN);
        assertThat(acr(signedIn(stepUp, submit(app.otpWithPin(PIN))))).isEqualTo(StepUpRealm.ACR_PIN);
    }

    @Test
    @Order(14)
    void askedForThePinLevelAsAnEssentialClaimAnOtpWithoutPinIsRefused() {
        openOtpPage(StepUpRealm.NAME, "claims=" + URLEncoder.encode("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\""
                + StepUpRealm.ACR_PIN + "\"]}}}", StandardCharsets.UTF_8));
        assertThat(refused(submit(app.otpWithoutPin()))).isEqualTo(INVALID);
        assertThat(acr(signedIn(stepUp, submit(app.otpWithPin(PIN))))).isEqualTo(StepUpRealm.ACR_PIN);
    }

    @Test
    @Order(15)
    void askedForThePasswordLevelOrNoneTheLoginEndsAfterThePasswordWithTheAcrOfThatLevel() {
        for (String asked : List.of("acr_values=" + StepUpRealm.ACR_PASSWORD, "")) {
            typePassword(StepUpRealm.NAME, asked);
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.getCurrentUrl().startsWith(redirectUri)
                    || !d.findElements(By.id("pims-otp")).isEmpty());
            assertThat(browser.findElements(By.id("pims-otp"))).as("the OTP page, asked: " + asked).isEmpty();
            Result passwordOnly = new Result(query(browser.getCurrentUrl(), "code"), null);
            assertThat(acr(signedIn(stepUp, passwordOnly))).as(asked).isEqualTo(StepUpRealm.ACR_PASSWORD);
        }
    }

    @Test
    @Order(20)
    void noOtpAndNoApiKeyReachesKeycloaksLogWhichRecordsTheRefusals() {
        String log = keycloak.logText();
        assertThat(typed).hasSizeGreaterThan(8);
        for (String otp : typed) {
            assertThat(log).doesNotContain(otp);
        }
        assertThat(log).doesNotContain(apiKey);
        // the log is detailed enough to show the step's refusals (event errors at debug level)
        assertThat(log).contains("invalid_user_credentials").contains("pims_unavailable").contains("pims_no_login");
    }

    // -- the browser's side --

    /** The authorization request of the client in {@code realm}; {@code extraQuery}: more parameters, or "". */
    private static String authUrl(String realm, String extraQuery) {
        return keycloak.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code"
                + "&scope=openid&client_id=" + CLIENT + "&state=s" + System.nanoTime() + "&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8) + (extraQuery.isEmpty() ? "" : "&" + extraQuery);
    }

    /** A new browser login (no SSO cookie) up to the PIMS step: user name and password typed. */
    private static void openOtpPage() {
        openOtpPage(REALM, "");
    }

    /** The same in {@code realm}, with more parameters in the authorization request (the level asked for). */
    private static void openOtpPage(String realm, String extraQuery) {
        typePassword(realm, extraQuery);
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("pims-otp")));
    }

    /** A new browser login (no SSO cookie) in {@code realm}: user name and password typed and sent. */
    private static void typePassword(String realm, String extraQuery) {
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.get(authUrl(realm, extraQuery));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        WebElement login = browser.findElement(By.id("kc-login"));
        login.click();
        wait.until(d -> gone(login));
    }

    /** Types the OTP and submits; the answer: the callback's code, or the error message of the page. */
    private static Result submit(String otp) {
        typed.add(otp);
        browser.findElement(By.id("pims-otp")).sendKeys(otp);
        WebElement button = browser.findElement(By.id("pims-otp-submit"));
        button.click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> gone(button));
        wait.until(d -> d.getCurrentUrl().startsWith(redirectUri)
                || !d.findElements(By.cssSelector(".kc-feedback-text")).isEmpty());
        String url = browser.getCurrentUrl();
        if (url.startsWith(redirectUri)) {
            return new Result(query(url, "code"), null);
        }
        return new Result(Optional.empty(), browser.findElement(By.cssSelector(".kc-feedback-text")).getText());
    }

    /**
     * The element's page was replaced. Selenium's stalenessOf expects a StaleElementReferenceException; a Chromium
     * that has already dropped the node may answer "Node with given id does not belong to the document" instead,
     * which means the same here.
     */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.WebDriverException e) {
            return true;
        }
    }

    private record Result(Optional<String> code, String error) {
    }

    private static JsonNode signedIn(Result r) {
        return signedIn(api, r);
    }

    private static JsonNode signedIn(KeycloakApi realm, Result r) {
        assertThat(r.error()).as("the login was refused").isNull();
        return realm.exchange(r.code().orElseThrow(), CLIENT, CLIENT_SECRET, redirectUri);
    }

    /** The {@code acr} claim of the ID token. */
    private static String acr(JsonNode tokens) {
        return KeycloakApi.claims(tokens.get("id_token").asText()).path("acr").asText();
    }

    private static String refused(Result r) {
        assertThat(r.code()).as("the login went through").isEmpty();
        assertThat(browser.findElements(By.id("pims-otp"))).as("the OTP page is shown again").isNotEmpty();
        return r.error();
    }

    private static Optional<String> query(String url, String name) {
        String q = URI.create(url).getRawQuery();
        for (String pair : q == null ? new String[0] : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void screenshot(String name) throws IOException {
        Files.write(work.resolve("screenshots/" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ObjectNode settings(ObjectNode config) {
        return (ObjectNode) config.get("config");
    }

    /** The settings with the API key as the vault reference again (the admin API may mask secrets). */
    private static ObjectNode restored(ObjectNode original) {
        ObjectNode copy = original.deepCopy();
        settings(copy).put(StepConfig.API_KEY, "${vault.pims-api-key}");
        return copy;
    }
}
