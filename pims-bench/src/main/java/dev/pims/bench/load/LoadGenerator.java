package dev.pims.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator: N virtual devices, each activated once, then looping OTP setup + finalize + verify for a
 * fixed time. Before the OTP loop it measures, with the same client and concurrency, the request rate of a trivial
 * endpoint of the same server: the baseline the OTP flow's request rate is compared with.
 */
public final class LoadGenerator {
    private final LoadOptions options;
    private final PrintStream out;

    public LoadGenerator(LoadOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public LoadReport run() throws Exception {
        SecureRandom rnd = new SecureRandom();
        HttpDriver http = new HttpDriver(options.server(), options.adminToken());
        String runId = Long.toHexString(rnd.nextLong() & Long.MAX_VALUE);
        List<VirtualDevice> devices = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < options.devices(); i++) {
            String pin = String.format("%04d", rnd.nextInt(10_000));
            VirtualDevice d = new VirtualDevice(http, rnd, options.macid(), "load-" + runId + "-" + i, pin);
            codes.add(d.provision());
            devices.add(d);
        }
        out.printf("provisioned %d users%n", devices.size());

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            List<Future<?>> activations = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                VirtualDevice d = devices.get(i);
                String code = codes.get(i);
                activations.add(pool.submit(() -> {
                    d.activate(code);
                    return null;
                }));
            }
            for (Future<?> f : activations) {
                f.get();
            }
            double activationSeconds = (System.nanoTime() - start) / 1e9;
            double activationsPerSecond = devices.size() / activationSeconds;
            out.printf("activations: %d in %.2f s = %.1f/s%n", devices.size(), activationSeconds, activationsPerSecond);

            Phase baseline = runPhase(pool, devices.size(), worker -> http.get(options.baselinePath()) == 200, http);
            out.printf("baseline %s: %.0f requests/s (p50 %d us, p99 %d us)%n", options.baselinePath(),
                    baseline.requestsPerSecond(), baseline.p50(), baseline.p99());

            Phase otp = runPhase(pool, devices.size(), worker -> devices.get(worker).cycle(options.withPin()), http);
            double ratio = otp.requestsPerSecond() / baseline.requestsPerSecond();
            out.printf("otp cycles: %.0f/s, %.0f requests/s (%.0f%% of baseline), failures %d%n",
                    otp.cyclesPerSecond(), otp.requestsPerSecond(), 100 * ratio, otp.failures());
            out.printf("cycle latency: p50 %d us, p95 %d us, p99 %d us%n", otp.p50(), otp.p95(), otp.p99());
            return new LoadReport(options.devices(), activationsPerSecond, baseline, otp);
        }
    }

    /** One unit of work of one worker; whether it succeeded. */
    @FunctionalInterface
    interface PhaseBody {
        boolean step(int worker) throws Exception;
    }

    /** One measured phase: every device loops {@code body} for warm-up plus duration. */
    private Phase runPhase(ExecutorService pool, int workers, PhaseBody body, HttpDriver http) throws Exception {
        long warmupEnd = System.nanoTime() + options.warmup().toNanos();
        long end = warmupEnd + options.duration().toNanos();
        List<LatencyRecorder> recorders = new ArrayList<>();
        LongAdder cycles = new LongAdder();
        LongAdder failures = new LongAdder();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            int worker = w;
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < warmupEnd) {
                    body.step(worker);
                }
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    boolean ok = body.step(worker);
                    recorder.record(System.nanoTime() - t);
                    cycles.increment();
                    if (!ok) {
                        failures.increment();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
        long requestsBefore = http.requests.sum();
        for (Future<?> f : futures) {
            f.get();
        }
        long requests = http.requests.sum() - requestsBefore;
        double seconds = options.duration().toNanos() / 1e9;
        long[] sorted = LatencyRecorder.merge(recorders);
        return new Phase(cycles.sum() / seconds, requests / seconds, failures.sum(),
                LatencyRecorder.quantile(sorted, 0.50), LatencyRecorder.quantile(sorted, 0.95),
                LatencyRecorder.quantile(sorted, 0.99));
    }
}
