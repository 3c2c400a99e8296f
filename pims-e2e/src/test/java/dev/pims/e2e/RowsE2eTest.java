package dev.pims.e2e;

import static dev.pims.e2e.E2eAssert.failed;
import static dev.pims.e2e.E2eAssert.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * The codes every row shares, row by row through the public facade: 2001, 2101/2102 on the selecting
 * parameter, 2006/2344, 2301, and the transport codes 2201/2202/2203/2204/2000 with the real transport to the
 * real server behind a fault.
 */
class RowsE2eTest extends E2eBase {

    static Stream<Rows.Row> rows() {
        return Rows.all().stream();
    }

    static Stream<Rows.Row> rowsWithSelector() {
        return rows().filter(r -> r.selector() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void beforeInitializeEveryRowIs2001(Rows.Row row) {
        Sdk s = track(new Sdk(newStorage()));
        failed(row.call(s), 2001);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rowsWithSelector")
    void missingOrInvalidSelectorIs2101Or2102(Rows.Row row) {
        Sdk s = app(MACID);
        failed(row.callWithout(s, row.selector()), 2101, row.missingName());
        failed(row.callWith(s, row.selector(), "foo"), 2102, row.selector());
        failed(row.callWith(s, row.selector(), 42), 2102, row.selector());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withoutMacIdOrInWeboUrlIs2006Or2344(Rows.Row row) {
        String label = row.notConfigured() == 2344 ? Labels.of(2344, "StrongAuthentication") : Labels.of(2006);
        Sdk noMacId = track(new Sdk(newStorage()));
        E2eAssert.ok(noMacId.initialize(Sdk.params(server.baseUrl(), null, noMacId.storage)));
        E2eAssert.failedWith(row.call(noMacId), row.notConfigured(), label);

        Sdk noUrl = track(new Sdk(newStorage()));
        Map<String, Object> p = Sdk.params(server.baseUrl(), MACID, noUrl.storage);
        @SuppressWarnings("unchecked")
        Map<String, Object> credential = (Map<String, Object>) p.get("credential");
        credential.remove("inWeboURL");
        E2eAssert.ok(noUrl.initialize(p));
        E2eAssert.failedWith(row.call(noUrl), row.notConfigured(), label);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void withoutLoginIs2301(Rows.Row row) {
        failed(row.call(app(MACID)), 2301);
    }

    @Test
    void revokedTokenIs2301OnEveryAccountRow() {
        Account a = newAccount(true);
        Sdk s = enrolled(a);
        String token = (String) result(s.get(Sdk.TOKEN, "type", "customerAt")).get("token");
        server.revoke(token);
        List<Executable> checks = rows().map(row -> (Executable) () -> {
            Map<String, Object> m = row.call(s);
            if (row.name().equals("GET account isAccountBlocked")) {
                assertThat(result(m)).as(row.name()).isEqualTo(Map.of("isAccountBlocked", "Unknown"));
            } else if (row.accountServer()) {
                failed(m, 2301);
            } else if (!row.name().startsWith("SET enrollment enroll")) {
                result(m); // the device protocol needs no account session: OTPs keep working
            }
        }).toList();
        assertAll(checks);
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("2201 answer after the deadline", 2201, FaultTransport.slowerThan(Duration.ofMillis(250))),
                Arguments.of("2203 corrupted body", 2203, FaultTransport.corruptBody()),
                Arguments.of("2204 proxy answering 500", 2204, FaultTransport.status500()),
                Arguments.of("2000 transport throwing", 2000, FaultTransport.throwing()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void transportFaultsOnEveryNetworkRow(String what, int code, FaultTransport.Fault fault) {
        Account a = newAccount(true);
        Sdk s = enrolled(a);
        s.transport.set(fault);
        assertAll(networkChecks(s, code));
    }

    @Test
    void serverStoppedIs2202OnEveryNetworkRow() throws Exception {
        E2eServer own = E2eServer.start(Files.createTempDirectory(classDir, "stopped"));
        own.createIntegration(E2eServer.obj("macid", MACID));
        E2eServer shared = server;
        Sdk s;
        try {
            server = own;
            Account a = newAccount(true);
            s = enrolled(a);
        } finally {
            server = shared;
        }
        own.close();
        assertAll(networkChecks(s, 2202));
    }

    private static List<Executable> networkChecks(Sdk s, int code) {
        return rows().map(row -> (Executable) () -> {
            Map<String, Object> m = row.call(s);
            if (row.name().equals("GET account isAccountBlocked")) {
                // the reference lists no network error for it: any failure is "Unknown"
                assertThat(result(m)).as(row.name()).isEqualTo(Map.of("isAccountBlocked", "Unknown"));
            } else if (row.name().equals("GET account isDeviceActivated")) {
                assertThat(result(m)).as(row.name()).isEqualTo(Map.of("isDeviceActivated", Boolean.TRUE));
            } else {
                try {
                    failed(m, code);
                } catch (AssertionError e) {
                    throw new AssertionError(row.name() + ": " + e.getMessage(), e);
                }
            }
        }).toList();
    }

    @Test
    void facadeRules() {
        Sdk s = app(MACID);
        failed(s.initialize(Sdk.params(server.baseUrl(), MACID, s.storage)), 2007);
        failed(s.get("pims.authentication.nothing"), 2002);
        failed(s.set(Sdk.PHONE), 2002);
        failed(s.get(Sdk.PIN, "action", "reset"), 2002);
        Map<String, Object> version = result(s.get("pims.sdk.version"));
        assertThat(version.get("versionCore")).isEqualTo(Pims.VERSION);
        assertThat(version.get("versionFacade")).isEqualTo(Pims.VERSION);

        Sdk fresh = track(new Sdk(newStorage()));
        Map<String, Object> p = Sdk.params(server.baseUrl(), MACID, fresh.storage);
        p.remove("mode");
        failed(fresh.initialize(p), 2101, "mode");
        p.put("mode", "B3C");
        failed(fresh.initialize(p), 2102, "mode");
    }

    @Test
    void subscribeTwiceIs2005AndLoginEventsArrive() throws Exception {
        Account a = newAccount(false);
        Sdk s = app(MACID);
        java.util.concurrent.LinkedBlockingQueue<Map<String, Object>> events = new java.util.concurrent.LinkedBlockingQueue<>();
        Consumer<Map<String, Object>> cb = events::add;
        s.pims.subscribe(Sdk.USER, Sdk.map(), cb);
        Map<String, Object> ack = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ack.get("status")).isEqualTo("SUCCEEDED");
        java.util.concurrent.CompletableFuture<Map<String, Object>> second = new java.util.concurrent.CompletableFuture<>();
        s.pims.subscribe(Sdk.USER, Sdk.map(), second::complete);
        failed(Sdk.await(second), 2005);
        s.login(a.login(), a.password());
        Map<String, Object> event = events.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(event.get("status")).isEqualTo("RESULT");
        assertThat(event.get("transactionId")).isEqualTo(ack.get("transactionId"));
        assertThat(event.get("result")).isEqualTo(Map.of("event", "login", "username", a.login()));
        E2eAssert.ok(Sdk.await(s.pims.unsubscribeAsync(Sdk.USER)));
    }

    @Test
    void basicAuthentication() {
        Account a = newAccount(false);
        Sdk s = app(MACID);
        failed(s.get(Sdk.ACCOUNT, "actionType", "basic", "type", "username"), 2301);
        failed(s.get(Sdk.TOKEN, "type", "customerAt"), 2301);
        failed(s.set(Sdk.USER, "action", "login", "username", a.login(), "password", "wrong"), 2301);
        failed(s.set(Sdk.USER, "action", "login", "username", a.login()), 2101, "password");
        failed(s.set(Sdk.USER, "action", "signin"), 2102, "action");
        failed(s.set(Sdk.USER), 2101, "action");
        s.login(a.login(), a.password());
        assertThat(result(s.get(Sdk.ACCOUNT, "actionType", "basic", "type", "username")))
                .isEqualTo(Map.of("username", a.login()));
        failed(s.get(Sdk.ACCOUNT, "actionType", "weak", "type", "username"), 2102, "actionType");
        for (String type : List.of("customerAt", "cvs", "idtoken")) {
            Map<String, Object> t = result(s.get(Sdk.TOKEN, "type", type, "action", "get"));
            assertThat(t.get("type")).isEqualTo(type);
            assertThat(t.get("token")).isInstanceOf(String.class);
        }
        String before = (String) result(s.get(Sdk.TOKEN, "type", "customerAt")).get("token");
        String after = (String) result(s.get(Sdk.TOKEN, "type", "customerAt", "action", "refresh")).get("token");
        assertThat(after).isNotEqualTo(before);
        failed(s.get(Sdk.TOKEN, "type", "jwt"), 2102, "type");
        failed(s.get(Sdk.TOKEN, "action", "get"), 2101, "type");
        E2eAssert.ok(s.set(Sdk.USER, "action", "logout"));
        failed(s.get(Sdk.TOKEN, "type", "customerAt"), 2301);
        failed(s.get(Sdk.PHONE), 2301);

        Sdk badClient = track(new Sdk(newStorage()));
        Map<String, Object> p = Sdk.params(server.baseUrl(), MACID, badClient.storage);
        @SuppressWarnings("unchecked")
        Map<String, Object> credential = (Map<String, Object>) p.get("credential");
        credential.put("clientSecret", "not-the-secret");
        E2eAssert.ok(badClient.initialize(p));
        failed(badClient.set(Sdk.USER, "action", "login", "username", a.login(), "password", a.password()), 2006);
    }
}
