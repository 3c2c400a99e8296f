package dev.pims.sdk.internal.facade;

import dev.pims.sdk.internal.config.ConfigParser;
import dev.pims.sdk.internal.config.SdkConfig;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The engine behind {@code Pims}: the initialized/released state, routing by (operation, API name), the
 * facade rules (2001, 2007, 2002, 2005, 2000) and message delivery. Every call returns at once; the work runs
 * on the work executor and the callback on the callback executor.
 */
public final class Facade implements EventSink {

    public static final String CONFIGURATION = "pims.sdk.configuration";
    public static final String VERSION = "pims.sdk.version";

    private final Executor callbacks;
    private final Executor work;
    private final Components components;
    private final Map<String, Object> versions;
    private final AtomicReference<State> state = new AtomicReference<>();
    private final Map<String, Subscriber> subscribers = new HashMap<>();

    private record State(SdkConfig config, Map<Route, Handler> routes) {
    }

    private record Subscriber(String transactionId, Consumer<Map<String, Object>> callback, Executor serial) {
    }

    public Facade(Executor callbacks, Executor work, Components components, Map<String, Object> versions) {
        this.callbacks = callbacks;
        this.work = work;
        this.components = components;
        this.versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    public void initialize(Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        run(callback, () -> {
            if (state.get() != null) {
                return Outcome.fail(PimsError.FACADE_ALREADY_INITIALIZED);
            }
            SdkConfig config = ConfigParser.initial(new Params(params));
            State next = new State(config, components.routes(config, this));
            if (!state.compareAndSet(null, next)) {
                return Outcome.fail(PimsError.FACADE_ALREADY_INITIALIZED);
            }
            return Outcome.empty();
        });
    }

    public void release(Consumer<Map<String, Object>> callback) {
        run(callback, () -> {
            State s = state.getAndSet(null);
            if (s == null) {
                return Outcome.fail(PimsError.FACADE_NOT_INITIALIZED);
            }
            synchronized (subscribers) {
                subscribers.clear();
            }
            components.release();
            return Outcome.empty();
        });
    }

    public void call(Operation op, String api, Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        if (op == Operation.SUBSCRIBE) {
            subscribe(api, params, callback);
            return;
        }
        run(callback, () -> {
            State s = state.get();
            if (s == null) {
                return Outcome.fail(PimsError.FACADE_NOT_INITIALIZED);
            }
            if (op == Operation.SET && CONFIGURATION.equals(api)) {
                return reconfigure(params);
            }
            if (op == Operation.GET && VERSION.equals(api)) {
                return new Outcome.Success(versions);
            }
            Handler h = api == null ? null : s.routes().get(new Route(op, api));
            if (h == null) {
                return Outcome.fail(PimsError.API_NOT_SUPPORTED);
            }
            return h.handle(new Params(params));
        });
    }

    public void unsubscribe(String api, Consumer<Map<String, Object>> callback) {
        run(callback, () -> {
            State s = state.get();
            if (s == null) {
                return Outcome.fail(PimsError.FACADE_NOT_INITIALIZED);
            }
            if (api == null || !s.routes().containsKey(Route.subscribe(api))) {
                return Outcome.fail(PimsError.API_NOT_SUPPORTED);
            }
            synchronized (subscribers) {
                subscribers.remove(api);
            }
            return Outcome.empty();
        });
    }

    @Override
    public void publish(String api, Outcome event) {
        synchronized (subscribers) {
            Subscriber sub = subscribers.get(api);
            if (sub != null) {
                Map<String, Object> message = Messages.event(sub.transactionId(), event);
                sub.serial().execute(() -> sub.callback().accept(message));
            }
        }
    }

    private void subscribe(String api, Map<String, ?> params, Consumer<Map<String, Object>> callback) {
        String tx = newTransactionId();
        Runnable task = () -> {
            Outcome outcome;
            try {
                outcome = trySubscribe(tx, api, params, callback);
            } catch (SdkException e) {
                outcome = Outcome.fail(e.error());
            } catch (RuntimeException | Error e) {
                outcome = Outcome.fail(PimsError.UNKNOWN);
            }
            if (outcome != null) {
                deliver(callback, Messages.answer(tx, outcome));
            }
        };
        submit(task, callback, tx);
    }

    /** Null when the acknowledgement was already queued on the subscription's serial executor. */
    private Outcome trySubscribe(String tx, String api, Map<String, ?> params, Consumer<Map<String, Object>> callback)
            throws SdkException {
        State s = state.get();
        if (s == null) {
            return Outcome.fail(PimsError.FACADE_NOT_INITIALIZED);
        }
        Handler h = api == null ? null : s.routes().get(Route.subscribe(api));
        if (h == null) {
            return Outcome.fail(PimsError.API_NOT_SUPPORTED);
        }
        synchronized (subscribers) {
            if (subscribers.containsKey(api)) {
                return Outcome.fail(PimsError.DUPLICATE_COMMAND);
            }
        }
        Outcome ack = h.handle(new Params(params));
        if (ack instanceof Outcome.Failure) {
            return ack;
        }
        synchronized (subscribers) {
            if (subscribers.containsKey(api)) {
                return Outcome.fail(PimsError.DUPLICATE_COMMAND);
            }
            Subscriber sub = new Subscriber(tx, callback, new SerialExecutor(this::deliverRaw));
            subscribers.put(api, sub);
            Map<String, Object> message = Messages.answer(tx, ack);
            sub.serial().execute(() -> callback.accept(message));
        }
        return null;
    }

    private Outcome reconfigure(Map<String, ?> params) throws SdkException {
        while (true) {
            State s = state.get();
            if (s == null) {
                return Outcome.fail(PimsError.FACADE_NOT_INITIALIZED);
            }
            SdkConfig config = ConfigParser.update(s.config(), new Params(params));
            State next = new State(config, components.routes(config, this));
            if (state.compareAndSet(s, next)) {
                return Outcome.empty();
            }
        }
    }

    /** The work of one call. */
    @FunctionalInterface
    private interface Work {
        Outcome run() throws SdkException;
    }

    private void run(Consumer<Map<String, Object>> callback, Work w) {
        String tx = newTransactionId();
        submit(() -> deliver(callback, Messages.answer(tx, safely(w))), callback, tx);
    }

    private void submit(Runnable task, Consumer<Map<String, Object>> callback, String tx) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            deliver(callback, Messages.answer(tx, Outcome.fail(PimsError.UNKNOWN)));
        }
    }

    private static Outcome safely(Work w) {
        try {
            Outcome o = w.run();
            return o == null ? Outcome.fail(PimsError.UNKNOWN) : o;
        } catch (SdkException e) {
            return Outcome.fail(e.error());
        } catch (RuntimeException | Error e) {
            // Never reaches the host as an exception; never logged with values (they may be secrets).
            return Outcome.fail(SdkError.of(PimsError.UNKNOWN));
        }
    }

    private void deliver(Consumer<Map<String, Object>> callback, Map<String, Object> message) {
        if (callback == null) {
            return;
        }
        deliverRaw(() -> callback.accept(message));
    }

    private void deliverRaw(Runnable r) {
        Runnable guarded = () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a host callback that throws must not kill the SDK thread
            }
        };
        try {
            callbacks.execute(guarded);
        } catch (RejectedExecutionException e) {
            Thread t = new Thread(guarded, "pims-callback");
            t.setDaemon(true);
            t.start();
        }
    }

    private static String newTransactionId() {
        return UUID.randomUUID().toString();
    }
}
