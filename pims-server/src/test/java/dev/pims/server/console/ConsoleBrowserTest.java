package dev.pims.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pims.server.sms.SmsMessage;
import dev.pims.server.testing.HeadlessChromium;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import dev.pims.server.testing.TestStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium, headless, through Selenium) against a real server on H2:
 * sign-in, every page, every action with its effect checked through the admin API, a form without its CSRF
 * token, sign-out, idle and absolute expiry (the server's test clock), phone width and keyboard use. Each page's
 * screenshot is written to target/console-screenshots/. {@link ConsoleHttpTest} covers the same rules at the
 * HTTP level on both stores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 900;
    @TempDir
    static Path dir;
    private static TestServer server;
    private static ChromeDriver browser;
    private static TestDevice alicePhone;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(TestStores.current() == TestStores.Store.H2,
                "the browser tests run once, on H2 (ConsoleHttpTest runs on both stores)");
        browser = HeadlessChromium.start(WIDTH, HEIGHT);
        server = new TestServer(dir);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        open("/console/sign-in");
        browser.manage().deleteAllCookies();
    }

    @Test
    @Order(1)
    void signInRefusesAWrongTokenThenGivesAStrictSessionCookie() {
        open("/console");
        assertThat(path()).isEqualTo("/console/sign-in");
        shot("01-sign-in");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        click("sign-in");
        assertThat(text("#message")).contains("not the admin token");
        assertThat(browser.manage().getCookieNamed(ConsoleGate.COOKIE)).isNull();
        shot("02-sign-in-refused");
        JsonNode audit = server.admin("GET", "/admin/v1/audit?limit=5", null).json().get("items");
        assertThat(audit.get(0).get("event").asText()).isEqualTo("console.signin");
        assertThat(audit.get(0).get("outcome").asText()).isEqualTo("NOK:token");

        browser.findElement(By.id("token")).sendKeys(TestServer.ADMIN_TOKEN + Keys.ENTER); // keyboard only
        waitForPath("/console/overview");
        Cookie c = browser.manage().getCookieNamed(ConsoleGate.COOKIE);
        assertThat(c.isHttpOnly()).isTrue();
        assertThat(c.getSameSite()).isEqualTo("Strict");
        assertThat(c.getPath()).isEqualTo("/console");
        assertThat(c.getValue()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(browser.executeScript("return document.cookie")).isEqualTo(""); // no script reads it
    }

    @Test
    @Order(2)
    void overviewShowsTheFiguresAndTheLastHourFromTheAuditLog() {
        server.createUser("alice");
        alicePhone = new TestDevice(server, "default");
        assertThat(alicePhone.activate(server.activationCode("alice", "default"), "1234")).isEqualTo("OK");
        String otp1 = alicePhone.otp("1234");
        assertThat(server.verify("alice", otp1, null).get("result").asText()).isEqualTo("OK");
        String otp2 = alicePhone.otp(null);
        assertThat(server.verify("alice", otp2, false).get("result").asText()).isEqualTo("OK");
        assertThat(server.verify("alice", otp2, false).get("result").asText()).isEqualTo("NOK"); // replay refused
        alicePhone.otp("1234");
        assertThat(alicePhone.otp("9999")).startsWith("NOK"); // a PIN error
        signIn();
        assertThat(text("#fig-users")).isEqualTo(server.admin("GET", "/admin/v1/users", null).json().get("total").asText());
        assertThat(text("#fig-devices")).isEqualTo("1");
        assertThat(text("#fig-blocked")).isEqualTo("0");
        assertThat(text("#fig-integrations")).isEqualTo("1");
        assertThat(text(".total-s-issued")).isEqualTo("3");
        assertThat(text(".total-s-verified")).isEqualTo("2");
        assertThat(text(".total-s-refused")).isEqualTo("1");
        assertThat(text(".total-s-pin")).isEqualTo("1");
        assertThat(text(".total-s-blocked")).isEqualTo("0");
        assertThat(text(".total-s-devices")).isEqualTo("1");
        assertThat(browser.findElements(By.cssSelector("svg polyline"))).hasSize(6);
        shot("03-overview");
    }

    @Test
    @Order(3)
    void usersSearchPagesAndCreate() {
        for (int i = 1; i <= 25; i++) {
            server.createUser(String.format("page-user-%02d", i));
        }
        signIn();
        open("/console/users?q=page-user");
        assertThat(text("#count")).startsWith("25 user(s)").contains("page 1 of 2");
        assertThat(column("#users", 1)).hasSize(20).first().isEqualTo("page-user-01");
        click("next");
        List<String> second = column("#users", 1);
        List<String> api = new ArrayList<>();
        server.admin("GET", "/admin/v1/users?q=page-user&page=2&size=20", null).json().get("items")
                .forEach(u -> api.add(u.get("login").asText()));
        assertThat(second).containsExactlyElementsOf(api).hasSize(5);

        open("/console/users");
        WebElement q = browser.findElement(By.id("q"));
        q.sendKeys("alic"); // htmx replaces the results as one types
        new WebDriverWait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                .until(d -> column("#users", 1).equals(List.of("alice")) // (rows may be replaced while read)
                        && browser.getCurrentUrl().contains("q=alic"));
        open("/console/users");
        shot("04-users");

        browser.findElement(By.id("new-login")).sendKeys("bob.smith");
        browser.findElement(By.id("new-phone")).sendKeys("+33612345678");
        click("create-user");
        assertThat(path()).isEqualTo("/console/users/bob.smith");
        assertThat(text("#notice")).isEqualTo("User created.");
        JsonNode bob = server.user("bob.smith");
        assertThat(bob.get("login").asText()).isEqualTo("bob.smith");
        assertThat(bob.get("phoneNumber").asText()).isEqualTo("+33612345678");

        open("/console/users");
        browser.findElement(By.id("new-login")).sendKeys("bob.smith");
        click("create-user");
        assertThat(text("#error")).contains("exists already");
    }

    @Test
    @Order(4)
    void userActionsChangeTheAccountAndItsDevices() {
        signIn(); // alice has 1 PIN error since the overview test
        open("/console/users/alice");
        assertThat(text("#pin-errors")).isEqualTo("1");
        assertThat(text("#state")).isEqualTo("NotBlocked");
        assertThat(browser.findElements(By.cssSelector("#devices [data-field=state]"))).extracting(WebElement::getText)
                .containsExactly("Active");
        shot("05-user");

        click("reset-pin-errors");
        assertThat(text("#notice")).isEqualTo("PIN errors reset.");
        assertThat(server.user("alice").get("pinErrors").asInt()).isZero();

        clickConfirming(browser.findElement(By.id("block")));
        assertThat(text("#state")).isEqualTo("Blocked");
        assertThat(server.user("alice").get("state").asText()).isEqualTo("Blocked");
        click("unblock");
        assertThat(server.user("alice").get("state").asText()).isEqualTo("NotBlocked");

        assertThat(server.admin("GET", "/admin/v1/users/alice/limits", null).json().get("counters")).isNotEmpty();
        click("clear-limits");
        assertThat(text("#notice")).contains("rate-limit counters");
        assertThat(server.admin("GET", "/admin/v1/users/alice/limits", null).json().get("counters")).isEmpty();

        new Select(browser.findElement(By.id("macid"))).selectByValue("default");
        click("issue-code");
        String code = text("#activation-code");
        assertThat(code).matches("[0-9]{8}");
        shot("06-user-activation-code");
        TestDevice second = new TestDevice(server, "default");
        assertThat(second.activate(server.secret(code), "1234")).isEqualTo("OK"); // the code shown works
        JsonNode devices = server.user("alice").get("devices");
        assertThat(devices).hasSize(2);
        String secondId = devices.get(1).get("id").asText();

        open("/console/users/alice");
        submit(deviceButton(secondId, "disable"));
        assertThat(text("#notice")).isEqualTo("Device disabled.");
        assertThat(deviceState(secondId)).isEqualTo("Disabled");
        submit(deviceButton(secondId, "enable"));
        assertThat(deviceState(secondId)).isEqualTo("Active");
        clickConfirming(deviceButton(secondId, "remove"));
        assertThat(text("#notice")).startsWith("Device removed");
        assertThat(deviceState(secondId)).isNull();
        assertThat(browser.findElements(By.id("device-" + secondId))).isEmpty();
    }

    @Test
    @Order(5)
    void integrationsCreateAndEditPolicy() {
        signIn();
        open("/console/integrations");
        browser.findElement(By.id("new-macid")).sendKeys("shop-app");
        click("create-integration");
        assertThat(path()).isEqualTo("/console/integrations/shop-app");
        assertThat(server.admin("GET", "/admin/v1/integrations/shop-app", null).status()).isEqualTo(200);
        open("/console/integrations");
        assertThat(column("#integrations", 1)).containsExactly("default", "shop-app");
        shot("07-integrations");

        open("/console/integrations/shop-app");
        replace("maxPinErrors", "7");
        replace("pinLockAfter", "2");
        browser.findElement(By.id("pinlessAllowed")).click(); // unchecks it
        click("save-policy");
        assertThat(text("#notice")).startsWith("Policy and limits saved");
        JsonNode policy = server.admin("GET", "/admin/v1/integrations/shop-app/policy", null).json();
        assertThat(policy.get("maxPinErrors").asInt()).isEqualTo(7);
        assertThat(policy.get("pinLockAfter").asInt()).isEqualTo(2);
        assertThat(policy.get("pinlessAllowed").asBoolean()).isFalse();

        replace("pinMinLength", "2");
        click("save-policy");
        assertThat(text("#error")).contains("PIN length");
        assertThat(server.admin("GET", "/admin/v1/integrations/shop-app/policy", null).json().get("pinMinLength")
                .asInt()).isEqualTo(4);
        shot("08-integration-refused");
        open("/console/integrations/shop-app");
        shot("08-integration");
    }

    @Test
    @Order(6)
    void apiKeysAreShownOnceAndRevoked() throws Exception {
        signIn();
        open("/console/api-keys");
        browser.findElement(By.id("key-name")).sendKeys("web shop");
        click("create-key");
        String key = server.secret(text("#api-key"));
        assertThat(key).startsWith("pk_");
        shot("09-api-key-created");
        assertThat(verifyStatus(key)).isEqualTo(200);
        open("/console/api-keys"); // the list never shows a secret
        String id = key.substring(3, key.indexOf('_', 3));
        assertThat(browser.findElements(By.id("api-key"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(key);
        shot("10-api-keys");

        clickConfirming(browser.findElement(By.cssSelector("#key-" + id + " button[data-action=revoke]")));
        assertThat(text("#notice")).startsWith("API key revoked");
        assertThat(verifyStatus(key)).isEqualTo(401);
        assertThat(server.admin("GET", "/admin/v1/api-keys", null).json().get(0).get("revokedAt").isNull()).isFalse();
    }

    @Test
    @Order(7)
    void auditFiltersByLoginEventAndTimeWithPages() {
        signIn();
        open("/console/audit?login=alice");
        assertThat(column("#audit", 2)).isNotEmpty().allMatch("alice"::equals);

        open("/console/audit");
        browser.findElement(By.id("f-event")).sendKeys("otp.verify");
        click("filter");
        // alice's three, and the API-key test's verification for an unknown login (audited like any refusal)
        assertThat(column("#audit", 4)).hasSize(4).allMatch("otp.verify"::equals);

        open("/console/audit");
        browser.findElement(By.id("f-login")).sendKeys("alice");
        browser.findElement(By.id("f-event")).sendKeys("otp.verify");
        typeDateTime("f-from", "2026-01-01T00:00");
        typeDateTime("f-to", "2026-01-01T00:01");
        click("filter");
        assertThat(column("#audit", 4)).hasSize(3);
        assertThat(browser.getCurrentUrl()).contains("from=2026-01-01T00%3A00");
        typeDateTime("f-from", "2026-01-02T00:00");
        typeDateTime("f-to", "2026-01-03T00:00");
        click("filter");
        assertThat(text("#audit tbody")).isEqualTo("Nothing recorded matches.");

        open("/console/audit");
        shot("11-audit");
        JsonNode all = server.admin("GET", "/admin/v1/audit?limit=100", null).json().get("items");
        assertThat(all.size()).isGreaterThan(RecordPages.PAGE_SIZE);
        click("older");
        assertThat(column("#audit", 4).get(0)).isEqualTo(all.get(RecordPages.PAGE_SIZE).get("event").asText());
        assertThat(browser.findElements(By.id("newest"))).hasSize(1);
    }

    @Test
    @Order(8)
    void smsOutboxShowsTheDevelopmentMessages() {
        server.server().smsOutbox().orElseThrow()
                .send(new SmsMessage("+33600000001", "482913", "Your PIMS code is 482913"));
        signIn();
        submit(browser.findElement(By.linkText("SMS outbox")));
        assertThat(path()).isEqualTo("/console/sms-outbox");
        assertThat(column("#outbox", 2)).containsExactly("+33600000001");
        assertThat(column("#outbox", 3)).containsExactly("482913");
        shot("12-sms-outbox");
    }

    @Test
    @Order(9)
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        signIn();
        open("/console/users/alice");
        browser.executeScript("document.querySelector('form[action$=\"/actions/block\"] input[name=csrf]').remove()");
        clickConfirming(browser.findElement(By.id("block")));
        assertThat(text("#error-message")).contains("security token").contains("Nothing was changed");
        assertThat(server.user("alice").get("state").asText()).isEqualTo("NotBlocked");
        shot("13-csrf-refused");

        open("/console/users/alice");
        browser.executeScript("document.querySelector('form[action$=\"/actions/block\"] input[name=csrf]').value = 'forged'");
        clickConfirming(browser.findElement(By.id("block")));
        assertThat(text("#error-message")).contains("security token");
        assertThat(server.user("alice").get("state").asText()).isEqualTo("NotBlocked");
    }

    @Test
    @Order(10)
    void signOutEndsTheSessionOnTheServer() throws Exception {
        signIn();
        String value = browser.manage().getCookieNamed(ConsoleGate.COOKIE).getValue();
        click("sign-out");
        assertThat(path()).isEqualTo("/console/sign-in");
        assertThat(text("#message")).isEqualTo("You are signed out.");
        assertThat(browser.manage().getCookieNamed(ConsoleGate.COOKIE)).isNull();
        open("/console/users");
        assertThat(path()).isEqualTo("/console/sign-in");
        // the old cookie, replayed, opens nothing: the session is gone from the database
        HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/console/users")).header("Cookie", ConsoleGate.COOKIE + "=" + value)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(303);
        assertThat(replay.headers().firstValue("Location")).hasValue("/console/sign-in?expired=1");
    }

    @Test
    @Order(11)
    void sessionsEndAfterIdleAndAbsoluteTime() {
        signIn();
        server.clock.advance(ConsoleConfig.DEFAULT_IDLE.plusSeconds(1));
        open("/console/users");
        assertThat(path()).isEqualTo("/console/sign-in");
        assertThat(text("#message")).isEqualTo("Your session ended. Sign in again.");

        signIn();
        Duration step = ConsoleConfig.DEFAULT_IDLE.minusMinutes(1);
        Duration elapsed = Duration.ZERO;
        while (elapsed.plus(step).compareTo(ConsoleConfig.DEFAULT_ABSOLUTE) <= 0) {
            server.clock.advance(step);
            elapsed = elapsed.plus(step);
            open("/console/overview");
            assertThat(path()).as("signed in after %s", elapsed).isEqualTo("/console/overview");
        }
        server.clock.advance(step);
        open("/console/overview");
        assertThat(path()).isEqualTo("/console/sign-in");
        assertThat(text("#message")).isEqualTo("Your session ended. Sign in again.");
    }

    @Test
    @Order(12)
    void pagesFitAPhoneScreen() {
        browser.manage().window().setSize(new Dimension(390, 844));
        open("/console/sign-in");
        shot("14-phone-sign-in");
        signIn();
        for (String[] page : new String[][] {{"/console/overview", "15-phone-overview"},
                {"/console/users", "16-phone-users"}, {"/console/users/alice", "17-phone-user"},
                {"/console/integrations/default", "18-phone-integration"}, {"/console/audit", "19-phone-audit"},
                {"/console/api-keys", "20-phone-api-keys"}}) {
            open(page[0]);
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Object wide = browser.executeScript("var w = document.documentElement.clientWidth, out = [];"
                    + "document.querySelectorAll('body *').forEach(function (e) {"
                    + " var r = e.getBoundingClientRect(); if (r.right > w + 1)"
                    + " out.push(e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(r.right)); });"
                    + "return out.slice(0, 8).join(', ');");
            assertThat(overflow).as("horizontal scrolling of %s at 390px; wide elements: %s", page[0], wide)
                    .isLessThanOrEqualTo(0L);
            shot(page[1]);
        }
    }

    @Test
    @Order(13)
    void keyboardAlone() {
        open("/console/sign-in");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("token"); // autofocus
        browser.switchTo().activeElement().sendKeys(TestServer.ADMIN_TOKEN + Keys.ENTER);
        waitForPath("/console/overview");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement skip = browser.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        // Tab through the header to the Users link and follow it with Enter
        for (int i = 0; i < 10 && !"Users".equals(browser.switchTo().activeElement().getText()); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitForPath("/console/users");
    }

    @Test
    @Order(14)
    void unknownUserAndErrorPage() {
        signIn();
        open("/console/users/nobody-here");
        assertThat(text("#error-message")).isEqualTo("No such user.");
        shot("21-not-found");
    }

    @Test
    @Order(15)
    void noPageBreaksTheContentSecurityPolicyAndHtmxRefreshesTheOverview() {
        signIn();
        browser.manage().logs().get(LogType.BROWSER); // drop what came before
        for (String page : List.of("/console/overview", "/console/users", "/console/users/alice", "/console/integrations",
                "/console/integrations/default", "/console/api-keys", "/console/audit", "/console/sms-outbox")) {
            open(page);
            new WebDriverWait(browser, Duration.ofSeconds(5))
                    .until(d -> "object".equals(browser.executeScript("return typeof htmx")));
        }
        open("/console/overview");
        String before = text("#fig-users");
        server.createUser("late-user");
        browser.executeScript("htmx.trigger('#live', 'refresh')"); // what the 30-second timer does, now
        new WebDriverWait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                .until(d -> !text("#fig-users").equals(before));
        assertThat(Integer.parseInt(text("#fig-users"))).isEqualTo(Integer.parseInt(before) + 1);
        List<String> problems = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue() && !e.getMessage().contains("favicon")) {
                problems.add(e.getMessage());
            }
        }
        assertThat(problems).as("browser console warnings and errors").isEmpty();
    }

    // ---- helpers

    private static void open(String path) {
        browser.get(server.baseUrl() + path);
    }

    private static void waitForPath(String expected) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> path().equals(expected));
    }

    private static String path() {
        return URI.create(browser.getCurrentUrl()).getPath();
    }

    private static void signIn() {
        open("/console/sign-in");
        if (path().equals("/console/overview")) {
            return;
        }
        browser.findElement(By.id("token")).sendKeys(TestServer.ADMIN_TOKEN);
        click("sign-in");
        assertThat(path()).as(() -> "sign-in failed: " + browser.findElements(By.id("message")).stream()
                .map(WebElement::getText).findFirst().orElse(browser.getPageSource())).isEqualTo("/console/overview");
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    /** Clicks a button or link that loads another page, and waits until it has replaced this one. */
    private static void click(String id) {
        submit(browser.findElement(By.id(id)));
    }

    private static void submit(WebElement e) {
        markPage();
        e.click();
        waitForNewPage();
    }

    /** Marks the current document, so that {@link #waitForNewPage} can tell when another one has replaced it. */
    private static void markPage() {
        browser.executeScript("window.pimsOldPage = true");
    }

    private static void waitForNewPage() {
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class) // mid-navigation
                .until(d -> Boolean.TRUE.equals(browser.executeScript(
                        "return window.pimsOldPage === undefined && document.readyState === 'complete'")));
    }

    /**
     * Clicks a button whose form asks first (confirm(), from the console's script), accepts, and waits for the
     * answer page to replace this one.
     */
    private static void clickConfirming(WebElement button) {
        markPage();
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        waitForNewPage();
    }

    private static void replace(String id, String value) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    /** A datetime-local input, set as the browser would after a person picked the value. */
    private static void typeDateTime(String id, String value) {
        browser.executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, value);
    }

    /** The texts of column {@code n} (from 1) of a table's body rows. */
    private static List<String> column(String table, int n) {
        List<String> out = new ArrayList<>();
        for (WebElement td : browser.findElements(By.cssSelector(table + " tbody tr td:nth-child(" + n + ")"))) {
            out.add(td.getText().strip().lines().findFirst().orElse(""));
        }
        return out;
    }

    private static WebElement deviceButton(String deviceId, String action) {
        return browser.findElement(By.cssSelector("#device-" + deviceId + " button[data-action=" + action + "]"));
    }

    /** The device's state through the admin API; null when the device is no longer listed. */
    private static String deviceState(String deviceId) {
        for (JsonNode d : server.user("alice").get("devices")) {
            if (d.get("id").asText().equals(deviceId)) {
                return d.get("state").asText();
            }
        }
        return null;
    }

    private static int verifyStatus(String key) throws Exception {
        return server.send("POST", "/api/v1/otp/verify", "{\"login\":\"nobody\",\"otp\":\"00000000\"}", key).status();
    }

    /** The whole page (the window is stretched to its height for the shot) as target/console-screenshots/NAME.png. */
    private static void shot(String name) {
        Dimension before = browser.manage().window().getSize();
        Long height = (Long) browser.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(before.getHeight(),
                height + (before.getHeight() - ((Long) browser.executeScript("return window.innerHeight")).intValue()))));
        try {
            Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(before);
        }
    }
}
