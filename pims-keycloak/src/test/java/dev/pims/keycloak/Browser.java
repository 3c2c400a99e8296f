package dev.pims.keycloak;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its driver, headless, through Selenium. Missing ones fail the test under CI=true
 * (CI installs them) and skip it, with a message saying what to install, anywhere else.
 */
final class Browser {
    private Browser() {
    }

    static ChromeDriver start() {
        Optional<Path> chromium = onPath(List.of("chromium", "chromium-browser", "google-chrome"));
        Optional<Path> driver = onPath(List.of("chromedriver"));
        if (chromium.isEmpty() || driver.isEmpty()) {
            missing("Chromium and its driver are needed (Debian: apt-get install chromium chromium-driver)");
        }
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=900,820", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Fails under CI (a CI without the prerequisite is broken), skips elsewhere. */
    static void missing(String what) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(what);
        }
        Assumptions.abort("skipped: " + what);
    }

    private static Optional<Path> onPath(List<String> names) {
        String path = System.getenv("PATH");
        for (String name : names) {
            for (String dir : (path == null ? "/usr/bin" : path).split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
