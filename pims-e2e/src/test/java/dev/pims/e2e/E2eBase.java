package dev.pims.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One real server per test class (fresh data dir); fresh accounts, apps and storage per test. */
abstract class E2eBase {
    static final String PIN = "1357";
    /**
     * The integration most tests use: the default policy with 1024-bit RSA keys, so activations do not wait
     * for 2048-bit key generation on a shared CPU. The full-path test uses the server's own {@code default}.
     */
    static final String MACID = "e2e";

    @TempDir
    static Path classDir;
    static E2eServer server;
    private final List<Sdk> apps = new ArrayList<>();

    record Account(String login, String password, String phone) {
    }

    @BeforeAll
    static void startServer() throws IOException {
        server = E2eServer.start(Files.createDirectories(classDir.resolve("server")));
        server.createIntegration(E2eServer.obj("macid", MACID, "maxPinErrors", 5));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeApps() {
        apps.forEach(Sdk::close);
        apps.clear();
    }

    /** A new account; with a trusted phone number set by the admin when {@code withPhone}. */
    static Account newAccount(boolean withPhone) {
        String login = E2eServer.newLogin("u");
        String phone = E2eServer.newPhone();
        String password = "pw-" + login + "-secret";
        server.createUser(login, password, withPhone ? phone : null);
        return new Account(login, password, phone);
    }

    static Path newStorage() {
        try {
            return Files.createTempDirectory(classDir, "app");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh app (own storage) initialized for {@code macId}, not logged in. */
    Sdk app(String macId) {
        Sdk s = new Sdk(newStorage());
        apps.add(s);
        return s.init(server, macId);
    }

    Sdk track(Sdk s) {
        apps.add(s);
        return s;
    }

    Sdk loggedIn(Account a) {
        return app(MACID).login(a.login(), a.password());
    }

    Sdk loggedIn(Account a, String macId) {
        return app(macId).login(a.login(), a.password());
    }

    /** The full path's steps 5-7 for an account that has a trusted phone. */
    static void enroll(Sdk s, Account a, String pin) {
        E2eAssert.result(s.get(Sdk.SMS, "type", "enrollment"));
        String code = server.newestSmsCode(a.phone());
        E2eAssert.ok(s.set(Sdk.ENROLLMENT, "action", "enroll", "pinCode", pin, "smsCode", code));
    }

    /** A logged-in app with an enrolled device. */
    Sdk enrolled(Account a, String macId) {
        Sdk s = loggedIn(a, macId);
        enroll(s, a, PIN);
        return s;
    }

    Sdk enrolled(Account a) {
        return enrolled(a, MACID);
    }
}
