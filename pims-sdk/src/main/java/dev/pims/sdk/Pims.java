package dev.pims.sdk;

import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.sdk.internal.facade.Facade;
import dev.pims.sdk.internal.facade.Operation;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.transport.HttpTransport;
import dev.pims.sdk.transport.UrlConnectionTransport;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The PIMS facade (pims-sdk.md section 1): one object, APIs reached by name. Every call returns at once and
 * answers exactly once through its callback (subscriptions: an acknowledgement, then one RESULT per event),
 * on the callback executor, never on the caller's thread inside the call. Calls never throw for API-level
 * problems: every failure is a FAILED message with a catalogued error code and label.
 *
 * <pre>{@code
 * Pims pims = new Pims();
 * pims.initialize(params, msg -> ...);
 * pims.get("pims.authentication.otp", Map.of("action", "withPIN", "pinCode", "1234"), msg -> ...);
 * }</pre>
 */
public final class Pims implements AutoCloseable {

    private final Facade facade;
    private final ExecutorService ownedCallbacks;
    private final ExecutorService ownedWork;

    /** Default set-up: one daemon SDK thread for callbacks, daemon worker threads, HttpURLConnection. */
    public Pims() {
        this(builder());
    }

    private Pims(Builder b) {
        this.ownedCallbacks = b.callbackExecutor == null ? Executors.newSingleThreadExecutor(daemon("pims-sdk")) : null;
        this.ownedWork = b.workExecutor == null ? Executors.newCachedThreadPool(daemon("pims-sdk-worker")) : null;
        Executor callbacks = ownedCallbacks != null ? ownedCallbacks : b.callbackExecutor;
        Executor work = ownedWork != null ? ownedWork : b.workExecutor;
        Wiring wiring = new Wiring(b.transport, b.store, b.clock, b.random, b.deviceName, b.devicePost,
                "pims-sdk/" + VERSION);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("versionCore", VERSION);
        versions.put("versionFacade", VERSION);
        versions.put("deviceProtocolVersion", DeviceProtocol.DEFAULT_VERSION);
        this.facade = new Facade(callbacks, work, wiring, versions);
    }

    /** The SDK version ({@code GET pims.sdk.version}). */
    public static final String VERSION = readVersion();

    public static Builder builder() {
        return new Builder();
    }

    public void initialize(Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        facade.initialize(params, callback);
    }

    public void release(Consumer<Map<String, Object>> callback) {
        facade.release(callback);
    }

    public void get(String api, Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        facade.call(Operation.GET, api, params, callback);
    }

    public void set(String api, Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        facade.call(Operation.SET, api, params, callback);
    }

    public void subscribe(String api, Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        facade.call(Operation.SUBSCRIBE, api, params, callback);
    }

    public void unsubscribe(String api, Consumer<Map<String, Object>> callback) {
        facade.unsubscribe(api, callback);
    }

    public CompletableFuture<Map<String, Object>> initializeAsync(Map<String, ?> params) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        initialize(params, f::complete);
        return f;
    }

    public CompletableFuture<Map<String, Object>> releaseAsync() {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        release(f::complete);
        return f;
    }

    public CompletableFuture<Map<String, Object>> getAsync(String api, Map<String, ?> params) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        get(api, params, f::complete);
        return f;
    }

    public CompletableFuture<Map<String, Object>> setAsync(String api, Map<String, ?> params) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        set(api, params, f::complete);
        return f;
    }

    public CompletableFuture<Map<String, Object>> unsubscribeAsync(String api) {
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        unsubscribe(api, f::complete);
        return f;
    }

    /** Stops the threads this instance created (not host-supplied executors). Pending callbacks may be dropped. */
    @Override
    public void close() {
        if (ownedWork != null) {
            ownedWork.shutdown();
        }
        if (ownedCallbacks != null) {
            ownedCallbacks.shutdown();
        }
    }

    /** Options for hosts and tests. Everything has a default. */
    public static final class Builder {
        private Executor callbackExecutor;
        private Executor workExecutor;
        private HttpTransport transport = new UrlConnectionTransport();
        private DeviceStateStore store;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random = new SecureRandom();
        private String deviceName = "PIMS SDK";
        private boolean devicePost = true;

        private Builder() {
        }

        /** Where callbacks run (e.g. the Android main thread). Default: one daemon SDK thread. */
        public Builder callbackExecutor(Executor e) {
            this.callbackExecutor = Objects.requireNonNull(e);
            return this;
        }

        /** Where calls do their (blocking) work. Default: daemon worker threads, created on demand. */
        public Builder workExecutor(Executor e) {
            this.workExecutor = Objects.requireNonNull(e);
            return this;
        }

        /** Replaces the HTTP transport (pinning, proxies, another HTTP client). */
        public Builder transport(HttpTransport t) {
            this.transport = Objects.requireNonNull(t);
            return this;
        }

        /** The host's own secure storage for device states; overrides {@code storage.path}. */
        public Builder deviceStateStore(DeviceStateStore s) {
            this.store = Objects.requireNonNull(s);
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        /** The device label sent at activation ({@code name}). */
        public Builder deviceName(String name) {
            this.deviceName = Objects.requireNonNull(name);
            return this;
        }

        /**
         * How device-protocol requests travel: {@code true} (the default) sends a POST form, so no activation code,
         * encrypted PIN or KMA, proof or token sits in a URL; {@code false} sends GET with a query string, for
         * vendor servers that accept nothing else.
         */
        public Builder devicePost(boolean post) {
            this.devicePost = post;
            return this;
        }

        public Pims build() {
            return new Pims(this);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = Pims.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the default
        }
        String v = p.getProperty("version", "0.0.0");
        return v.startsWith("${") ? "0.0.0" : v;
    }
}
