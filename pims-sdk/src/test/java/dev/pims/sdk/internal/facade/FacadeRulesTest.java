package dev.pims.sdk.internal.facade;

import static dev.pims.sdk.Msg.await;
import static dev.pims.sdk.Msg.failed;
import static dev.pims.sdk.Msg.result;
import static dev.pims.sdk.TestParams.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.TestParams;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FacadeRulesTest {

    private final Pims pims = Pims.builder()
            .transport(r -> { throw new IllegalStateException("no network in this test"); })
            .build();

    @AfterEach
    void close() {
        pims.close();
    }

    private Map<String, Object> get(String api, Map<String, ?> p) {
        return await(pims.getAsync(api, p));
    }

    private Map<String, Object> set(String api, Map<String, ?> p) {
        return await(pims.setAsync(api, p));
    }

    private Map<String, Object> subscribe(String api, Consumer<Map<String, Object>> events) {
        CompletableFuture<Map<String, Object>> ack = new CompletableFuture<>();
        pims.subscribe(api, Collections.emptyMap(), m -> {
            if (!ack.isDone()) {
                ack.complete(m);
            } else {
                events.accept(m);
            }
        });
        return await(ack);
    }

    private void init() {
        result(await(pims.initializeAsync(TestParams.init("http://127.0.0.1:9"))));
    }

    @Test
    void everythingBeforeInitializeIs2001() {
        failed(get("pims.authentication.otp", of("action", "withPIN")), 2001, "Facade not initialized");
        failed(get("no.such.api", null), 2001, "Facade not initialized");
        failed(set("pims.authentication.enrollment", of("action", "remove")), 2001);
        failed(get("pims.sdk.version", null), 2001);
        failed(subscribe("pims.authentication.user", m -> { }), 2001);
        failed(await(pims.unsubscribeAsync("pims.authentication.user")), 2001);
        failed(await(pims.releaseAsync()), 2001);
    }

    @Test
    void secondInitializeIs2007AndReleaseAllowsANewOne() {
        init();
        failed(await(pims.initializeAsync(TestParams.init(null))), 2007, "Facade already initialized");
        result(await(pims.releaseAsync()));
        failed(get("pims.sdk.version", null), 2001);
        init();
    }

    @Test
    void initializeChecksItsParameters() {
        Map<String, Object> p = TestParams.init(null);
        TestParams.credential(p).remove("clientID");
        failed(await(pims.initializeAsync(p)), 2101, "Missing credential.clientID parameter");
        p = TestParams.init(null);
        p.put("environnement", "Staging");
        failed(await(pims.initializeAsync(p)), 2102, "Invalid environnement parameter");
        p = TestParams.init(null);
        p.put("mode", 3);
        failed(await(pims.initializeAsync(p)), 2102, "Invalid mode parameter");
        p = TestParams.init(null);
        p.remove("profile");
        failed(await(pims.initializeAsync(p)), 2101, "Missing profile.brand parameter");
        p = TestParams.init(null);
        p.put("monitoring", of("newLogFile", "day", "newLogTimeDuration", 10));
        failed(await(pims.initializeAsync(p)), 2102, "Invalid monitoring.newLogTimeDuration parameter");
        p = TestParams.init(null);
        p.put("monitoring", of("logLevel", "high", "newLogFile", "duration", "newLogTimeDuration", 10));
        TestParams.credential(p).put("inWeboURL", "ftp://x");
        failed(await(pims.initializeAsync(p)), 2102, "Invalid credential.inWeboURL parameter");
        TestParams.credential(p).put("inWeboURL", "http://127.0.0.1:9/");
        result(await(pims.initializeAsync(p)));
    }

    @Test
    void flatDottedKeysAreAcceptedToo() {
        Map<String, Object> p = of("environnement", "Production", "mode", "B2B", "credential.clientID", "c",
                "credential.clientSecret", "s", "credential.webviewsRedirectURI", "a://b",
                "credential.loginRedirectURI", "a://c", "profile.brand", "Opel");
        result(await(pims.initializeAsync(p)));
    }

    @Test
    void unknownApiOrOperationIs2002() {
        init();
        failed(get("pims.no.such.api", null), 2002, "API not supported");
        failed(get(null, null), 2002);
        failed(set("pims.authentication.otp", of("action", "withoutPIN")), 2002);
        failed(get("pims.authentication.enrollment", of("action", "remove")), 2002);
        failed(subscribe("pims.authentication.otp", m -> { }), 2002);
        failed(await(pims.unsubscribeAsync("pims.authentication.otp")), 2002);
        failed(get("pims.sdk.configuration", null), 2002);
    }

    @Test
    void missingParameterIs2101AndInvalidIs2102() {
        init();
        failed(get("pims.authentication.otp", of()), 2101, "Missing action parameter");
        failed(get("pims.authentication.otp", of("action", "foo")), 2102, "Invalid action parameter");
        failed(get("pims.authentication.otp", of("action", 7)), 2102, "Invalid action parameter");
        failed(get("pims.authentication.otp", null), 2101, "Missing action parameter");
        failed(get("pims.authentication.account", of()), 2101, "Missing actionType parameter");
        failed(get("pims.authentication.account", of("actionType", "strong")), 2101, "Missing type parameter");
        failed(get("pims.authentication.account", of("actionType", "strong", "type", "x")), 2102,
                "Invalid type parameter");
        failed(set("pims.authentication.user", of("action", "login", "username", "u")), 2101,
                "Missing password parameter");
        failed(set("pims.authentication.smscode", of("type", "bogus")), 2102, "Invalid type parameter");
        failed(set("pims.authentication.smscode", of()), 2101, "Missing action parameter");
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", "12a4", "newPIN", "1234")), 2102,
                "Invalid oldPIN parameter");
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", 1234)), 2101,
                "Missing newPIN parameter");
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", 1234, "newPIN", 1.5)), 2102,
                "Invalid newPIN parameter");
    }

    @Test
    void pinCodesAcceptIntegersAndStrings_andEqualPinsAre2315() {
        init();
        // reaches the PIN equality check only when both PINs parsed; no network involved
        failed(set("pims.authentication.pincode", of("action", "update", "oldPIN", 1234, "newPIN", "1234")), 2315,
                "inwebo: the new password equals the previous one");
    }

    @Test
    void strongAuthenticationWithoutMacIdOrUrl() {
        result(await(pims.initializeAsync(TestParams.init(null))));
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2006, "Core not well configured");
        failed(get("pims.authentication.smscode", of("type", "enrollment")), 2006, "Core not well configured");
        failed(set("pims.authentication.smscode", of("action", "enrollment", "smsCode", "1")), 2006);
        failed(get("pims.authentication.trustedphonenumber", null), 2006);
        failed(get("pims.authentication.account", of("actionType", "strong", "type", "isDeviceActivated")), 2344,
                "StrongAuthentication not configured");
        failed(set("pims.authentication.enrollment", of("action", "remove")), 2344,
                "StrongAuthentication not configured");
        failed(set("pims.authentication.pincode", of("action", "reset")), 2344);
        // SET pims.sdk.configuration completes the configuration
        result(set("pims.sdk.configuration", of("credential", of("macID", "demo", "inWeboURL", "http://127.0.0.1:9"))));
        failed(get("pims.authentication.otp", of("action", "withoutPIN")), 2301,
                "Need Basic Authentication (to get CVS token)");
        failed(set("pims.sdk.configuration", of("mode", "B2X")), 2102, "Invalid mode parameter");
    }

    @Test
    void versionAndMessageShapes() {
        init();
        Map<String, Object> m = get("pims.sdk.version", null);
        assertThat(m.keySet()).containsExactly("transactionId", "status", "result");
        assertThat(result(m)).containsKeys("versionCore", "versionFacade");
        assertThat(result(m).get("versionFacade")).isEqualTo(Pims.VERSION);
        Map<String, Object> f = get("nope", null);
        assertThat(f.keySet()).containsExactly("transactionId", "status", "error");
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) f.get("error");
        assertThat(e.keySet()).containsExactly("code", "label");
        assertThat(e.get("code")).isInstanceOf(Integer.class);
        assertThat(m.get("transactionId")).isNotEqualTo(f.get("transactionId"));
    }

    @Test
    void unexpectedFailuresAre2000() {
        init();
        result(set("pims.sdk.configuration", of("credential", of("serverURL", "http://127.0.0.1:9"))));
        // the transport throws a RuntimeException: the host sees 2000, not an exception
        failed(set("pims.authentication.user", of("action", "login", "username", "u", "password", "p")), 2000,
                "Unknown error");
    }

    @Test
    void duplicateSubscribeIs2005AndEventsFollowTheAck() {
        init();
        Map<String, Object> ack = subscribe("pims.authentication.user", m -> { });
        result(ack);
        failed(subscribe("pims.authentication.user", m -> { }), 2005, "Duplicate command");
        result(await(pims.unsubscribeAsync("pims.authentication.user")));
        result(subscribe("pims.authentication.user", m -> { }));
    }

    @Test
    void callbacksNeverRunOnTheCallersThread() throws Exception {
        AtomicReference<Thread> seen = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pims.get("pims.sdk.version", null, m -> {
            seen.set(Thread.currentThread());
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
        assertThat(seen.get()).isNotSameAs(Thread.currentThread());
        assertThat(seen.get().getName()).startsWith("pims-sdk-");
        assertThat(seen.get().isDaemon()).isTrue();
    }

    @Test
    void hostExecutorRunsCallbacks() throws Exception {
        ExecutorService host = Executors.newSingleThreadExecutor(r -> new Thread(r, "host-main"));
        try (Pims p = Pims.builder().callbackExecutor(host).build()) {
            AtomicReference<String> name = new AtomicReference<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            p.initialize(TestParams.init(null), m -> {
                name.set(Thread.currentThread().getName());
                done.complete(null);
            });
            done.get(10, TimeUnit.SECONDS);
            assertThat(name.get()).isEqualTo("host-main");
        } finally {
            host.shutdown();
        }
    }

    @Test
    void aThrowingCallbackDoesNotBreakTheSdk() {
        pims.get("pims.sdk.version", null, m -> { throw new RuntimeException("host bug"); });
        init();
    }
}
