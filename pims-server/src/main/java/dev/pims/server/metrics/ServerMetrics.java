package dev.pims.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The server's meters, one registry per running server (tests run several servers in one JVM). Names are
 * Micrometer names; the Prometheus text exposition turns {@code pims.device.requests} into
 * {@code pims_device_requests_seconds_*} and counters into {@code *_total}. Tag values are always from a
 * small closed set (route templates, wire errors, reasons): never ids, logins, addresses or raw paths.
 */
public final class ServerMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    private Timer timer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** Every HTTP request: {@code route} is the route template ({@code /admin/v1/users/{login}}) or "unmatched". */
    public void httpRequest(String method, String route, int status, long nanos) {
        timer("pims.http.requests", "HTTP requests by route template and status", "method", method, "route", route,
                "status", Integer.toString(status)).record(Duration.ofNanos(nanos));
    }

    /** Device endpoint requests by action, mode and wire result ({@code OK}, {@code NOK:ACCESS} ...). */
    public void deviceRequest(String action, String mode, String result, long nanos) {
        timer("pims.device.requests", "Device endpoint requests by action, mode and wire result", "action", action,
                "mode", mode, "result", result).record(Duration.ofNanos(nanos));
    }

    public void otpIssued(boolean pinVerified) {
        counter("pims.otp.issued", "OTPs issued to devices", "pin", Boolean.toString(pinVerified)).increment();
    }

    /** {@code api}: json or fs; {@code result}: OK or the NOK reason. */
    public void verification(String api, String result, long nanos) {
        counter("pims.verifications", "OTP verifications by result", "api", api, "result", result).increment();
        timer("pims.verification.duration", "OTP verification latency", "api", api).record(Duration.ofNanos(nanos));
    }

    /** {@code step}: activate (device created, awaiting its secret) or ms (device active). */
    public void activation(String step) {
        counter("pims.activations", "Successful activation steps", "step", step).increment();
    }

    /** {@code reason}: pin_lock (temporary back-off), pin_blocked (permanent), admin. */
    public void accountBlocked(String reason) {
        counter("pims.account.blocks", "Accounts locked or blocked", "reason", reason).increment();
    }

    /** A request refused by a limit; {@code limit}: the per-address limiter's name, or otp.device. */
    public void limitExceeded(String limit) {
        counter("pims.limits.exceeded", "Requests refused by an abuse limit", "limit", limit).increment();
    }

    /** A request with a wrong bearer token; {@code kind}: admin, api_key, metrics, access_token. */
    public void authFailure(String kind) {
        counter("pims.auth.failures", "Requests refused for a wrong token", "kind", kind).increment();
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
