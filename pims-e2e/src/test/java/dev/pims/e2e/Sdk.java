package dev.pims.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.store.DeviceStateStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One app: a {@link Pims} facade built with the real transport (behind a {@link FaultTransport}). */
final class Sdk implements AutoCloseable {
    static final String OTP = "pims.authentication.otp";
    static final String ACCOUNT = "pims.authentication.account";
    static final String PHONE = "pims.authentication.trustedphonenumber";
    static final String SMS = "pims.authentication.smscode";
    static final String ENROLLMENT = "pims.authentication.enrollment";
    static final String PIN = "pims.authentication.pincode";
    static final String USER = "pims.authentication.user";
    static final String TOKEN = "pims.authentication.token";

    final Pims pims;
    final FaultTransport transport = new FaultTransport();
    final Path storage;

    Sdk(Path storage) {
        this(storage, null);
    }

    Sdk(Path storage, DeviceStateStore store) {
        this.storage = storage;
        Pims.Builder b = Pims.builder().transport(transport);
        if (store != null) {
            b.deviceStateStore(store);
        }
        this.pims = b.build();
    }

    /** initialize parameters as an app passes them: nested maps, macID and both URLs set. */
    static Map<String, Object> params(String url, String macId, Path storage) {
        Map<String, Object> credential = new LinkedHashMap<>();
        credential.put("clientID", "pims-dev");
        credential.put("clientSecret", "pims-dev-secret");
        credential.put("webviewsRedirectURI", "app://webviews");
        credential.put("loginRedirectURI", "app://login");
        if (macId != null) {
            credential.put("macID", macId);
        }
        if (url != null) {
            credential.put("inWeboURL", url);
            credential.put("serverURL", url);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("environnement", "development");
        p.put("mode", "B2C");
        p.put("credential", credential);
        p.put("profile", Map.of("brand", "Peugeot"));
        if (storage != null) {
            p.put("storage", Map.of("path", storage.toString()));
        }
        return p;
    }

    Map<String, Object> initialize(Map<String, Object> params) {
        return await(pims.initializeAsync(params));
    }

    Sdk init(E2eServer server, String macId) {
        E2eAssert.ok(initialize(params(server.baseUrl(), macId, storage)));
        return this;
    }

    Sdk login(String login, String password) {
        E2eAssert.ok(set(USER, "action", "login", "username", login, "password", password));
        return this;
    }

    Map<String, Object> get(String api, Object... kv) {
        return await(pims.getAsync(api, map(kv)));
    }

    Map<String, Object> set(String api, Object... kv) {
        return await(pims.setAsync(api, map(kv)));
    }

    /** The same call through the callback form, to exercise it too. */
    Map<String, Object> getByCallback(String api, Object... kv) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        Thread caller = Thread.currentThread();
        pims.get(api, map(kv), m -> {
            assertThat(Thread.currentThread()).isNotSameAs(caller);
            f.complete(m);
        });
        return await(f);
    }

    String otpWithPin(String pin) {
        return (String) E2eAssert.result(get(OTP, "action", "withPIN", "pinCode", pin)).get("otp");
    }

    String otpWithoutPin() {
        return (String) E2eAssert.result(get(OTP, "action", "withoutPIN")).get("otp");
    }

    boolean isDeviceActivated() {
        return (Boolean) E2eAssert.result(get(ACCOUNT, "actionType", "strong", "type", "isDeviceActivated"))
                .get("isDeviceActivated");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> await(CompletableFuture<Map<String, Object>> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no callback", e);
        }
    }

    @Override
    public void close() {
        pims.close();
    }
}
