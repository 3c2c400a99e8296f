package dev.pims.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven headless through its {@code chromium-driver} (both installed by
 * .ci/chromium.sh). Explicit paths: Selenium Manager never downloads a browser or a driver. Without them, a test
 * is skipped with the reason, or fails under {@code CI=true} (a CI run must never pass without its browser).
 * {@code PIMS_CHROMIUM} and {@code PIMS_CHROMEDRIVER} override the paths.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {
    }

    /** Why no browser can start here, or empty when one can. */
    public static Optional<String> unavailableReason() {
        for (Path p : new Path[] {browser(), driver()}) {
            if (!Files.isExecutable(p)) {
                return Optional.of("browser tests need Debian's chromium and chromium-driver (" + p
                        + " is missing): run `. .ci/chromium.sh && pims_install_chromium` or apt-get install"
                        + " chromium chromium-driver");
            }
        }
        return Optional.empty();
    }

    /** A new headless browser of {@code width} x {@code height} CSS pixels; skips or fails the test as above. */
    public static ChromeDriver start(int width, int height) {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            if (TestStores.inCi()) {
                throw new IllegalStateException("CI=true but " + reason.get());
            }
            Assumptions.abort(reason.get());
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--disable-background-networking",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1", "--lang=en-GB");
        // confirm() dialogs stay open until the test answers them (the console asks before destructive actions)
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        // the browser's console (CSP violations, script errors), read with driver.manage().logs()
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver().toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static Path browser() {
        return Path.of(Optional.ofNullable(System.getenv("PIMS_CHROMIUM")).orElse("/usr/bin/chromium"));
    }

    private static Path driver() {
        return Path.of(Optional.ofNullable(System.getenv("PIMS_CHROMEDRIVER")).orElse("/usr/bin/chromedriver"));
    }
}
