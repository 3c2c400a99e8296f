package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;
import static dev.pims.e2e.E2eAssert.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 item 2 through the facade: guesses from elsewhere lock the login, yet the app that logged in before
 * keeps logging in (the SDK sends back its known-client token), while a new app gets 2301 like any wrong
 * password. The token is kept in the app's store, so a restarted app keeps its budget too.
 */
class LoginLockE2eTest extends E2eBase {

    @Test
    void guessesElsewhereDoNotLockOutTheAppThatLoggedInBefore() {
        Account a = newAccount(false);
        Sdk mine = loggedIn(a);
        guessElsewhere(a);
        Sdk stranger = app(MACID);
        failed(stranger.set("pims.authentication.user", "action", "login", "username", a.login(),
                "password", a.password()), 2301);
        ok(mine.set("pims.authentication.user", "action", "logout"));
        ok(mine.set("pims.authentication.user", "action", "login", "username", a.login(), "password", a.password()));
    }

    /**
     * The token outlives the app: a new {@link dev.pims.sdk.Pims} on the same storage directory (the app
     * restarted) still has its own budget while guesses from elsewhere lock the login for a new app.
     */
    @Test
    void aRestartedAppKeepsItsOwnBudget() {
        Account a = newAccount(false);
        Path storage = newStorage();
        Sdk before = track(new Sdk(storage)).init(server, MACID).login(a.login(), a.password());
        ok(before.set("pims.authentication.user", "action", "logout"));
        before.close();
        guessElsewhere(a);
        failed(app(MACID).set("pims.authentication.user", "action", "login", "username", a.login(),
                "password", a.password()), 2301);
        Sdk restarted = track(new Sdk(storage)).init(server, MACID);
        ok(restarted.set("pims.authentication.user", "action", "login", "username", a.login(),
                "password", a.password()));
    }

    /** Five wrong passwords from another client, without a known-client token: the login is locked. */
    private static void guessElsewhere(Account a) {
        for (int i = 0; i < 5; i++) {
            E2eServer.Answer r = server.call("POST", "/api/v1/oauth/token", "grant_type=password&username="
                    + URLEncoder.encode(a.login(), StandardCharsets.UTF_8) + "&password=guess" + i
                    + "&client_id=pims-dev&client_secret=pims-dev-secret", null, "application/x-www-form-urlencoded");
            assertThat(r.status()).isEqualTo(400);
        }
    }
}
