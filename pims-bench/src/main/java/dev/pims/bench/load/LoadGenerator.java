package dev.pims.bench.load;

import com.fasterxml.jackson.databind.JsonNode;

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
        Cleanup cleanup = new Cleanup(http, out);
        Thread hook = new Thread(cleanup::run, "pims-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C: the users go and the policies come back too
        try {
            return measure(http, rnd, runId, cleanup);
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (and finds the work done)
            }
        }
    }

    private LoadReport measure(HttpDriver http, SecureRandom rnd, String runId, Cleanup cleanup) throws Exception {
        cleanup.rememberPolicy(options.macid());
        if (!"default".equals(options.macid())) {
            cleanup.rememberPolicy("default");
        }
        raiseLimits(http);
        int enrolled = Math.max(options.devices(), options.activations());
        List<VirtualDevice> devices = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < enrolled; i++) {
            String pin = String.format("%04d", rnd.nextInt(10_000));
            VirtualDevice d = new VirtualDevice(http, rnd, options.macid(), "load-" + runId + "-" + i, pin);
            cleanup.user(d.login());
            codes.add(d.provision());
            devices.add(d);
        }
        out.printf("provisioned %d users%n", devices.size());

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            // the OTP devices first (this also warms the server up); with --activations beyond --devices, the rest
            // are activated and measured after the OTP phase, on a warm server
            double activationsPerSecond = activate(pool, devices, codes, 0, options.devices(), "activations");

            Phase baseline = runPhase(pool, options.devices(), worker -> http.get(options.baselinePath()) == 200, http);
            out.printf("baseline %s: %.0f requests/s (p50 %d us, p99 %d us)%n", options.baselinePath(),
                    baseline.requestsPerSecond(), baseline.p50(), baseline.p99());

            Phase otp = runPhase(pool, options.devices(), worker -> devices.get(worker).cycle(options.withPin()), http);
            double ratio = otp.requestsPerSecond() / baseline.requestsPerSecond();
            out.printf("otp cycles: %.0f/s, %.0f requests/s (%.0f%% of baseline), failures %d%n",
                    otp.cyclesPerSecond(), otp.requestsPerSecond(), 100 * ratio, otp.failures());
            out.printf("cycle latency: p50 %d us, p95 %d us, p99 %d us%n", otp.p50(), otp.p95(), otp.p99());
            long quietVerifyP50 = verifyP50(devices);
            out.printf("verification latency (relying party): p50 %d us%n", quietVerifyP50);
            if (options.loginFlood() > 0) {
                loginFloodPhase(pool, devices, http, runId, quietVerifyP50, otp);
            }
            if (devices.size() > options.devices()) {
                activationsPerSecond = activate(pool, devices, codes, options.devices(), devices.size(),
                        "activations (warm server)");
            }
            return new LoadReport(options.devices(), activationsPerSecond, baseline, otp);
        }
    }

    /** The OTP phase again, while {@code loginFlood} clients send wrong passwords (issue 8 item 9). */
    private void loginFloodPhase(ExecutorService pool, List<VirtualDevice> devices, HttpDriver http, String runId,
            long quietVerifyP50, Phase quiet) throws Exception {
        String clientId = "pims-bench-" + runId;
        JsonNode client = http.adminPost("/admin/v1/oauth-clients", java.util.Map.of("clientId", clientId,
                "name", "pims bench login flood"));
        try (LoginFlood flood = new LoginFlood(options.server(), clientId, client.get("clientSecret").asText(),
                devices.get(0).login(), "nobody-" + runId)) {
            flood.start(options.loginFlood());
            for (VirtualDevice d : devices) {
                d.verifyLatency = new LatencyRecorder();
            }
            Phase otp = runPhase(pool, options.devices(), worker -> devices.get(worker).cycle(options.withPin()), http);
            long floodP50 = verifyP50(devices);
            flood.close();
            out.printf("with a login flood of %d clients: otp cycles %.0f/s, failures %d; %s%n", options.loginFlood(),
                    otp.cyclesPerSecond(), otp.failures(), flood.summary());
            out.printf("verification latency during the flood: p50 %d us = %.2fx the p50 without it%n", floodP50,
                    quietVerifyP50 == 0 ? 0.0 : (double) floodP50 / quietVerifyP50);
            out.printf("whole cycle during the flood: p50 %d us = %.2fx, rate %.2fx of the OTP phase without it%n",
                    otp.p50(), quiet.p50() == 0 ? 0.0 : (double) otp.p50() / quiet.p50(),
                    quiet.cyclesPerSecond() == 0 ? 0.0 : otp.cyclesPerSecond() / quiet.cyclesPerSecond());
        } finally {
            http.delete("/admin/v1/oauth-clients/" + clientId);
        }
    }

    private static long verifyP50(List<VirtualDevice> devices) {
        List<LatencyRecorder> recorders = new ArrayList<>();
        for (VirtualDevice d : devices) {
            recorders.add(d.verifyLatency);
        }
        return LatencyRecorder.quantile(LatencyRecorder.merge(recorders), 0.50);
    }

    /** Activates devices [from, to), at most {@code options.devices()} at a time; the rate per second. */
    private double activate(ExecutorService pool, List<VirtualDevice> devices, List<String> codes, int from, int to,
            String label) throws Exception {
        long start = System.nanoTime();
        long serverCpuBefore = CpuTime.ofProcess(options.serverPid());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(from);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(options.devices(), to - from); w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    devices.get(i).activate(codes.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long serverCpu = CpuTime.ofProcess(options.serverPid()) - serverCpuBefore;
        int count = to - from;
        out.printf("%s: %d in %.2f s = %.1f/s%n", label, count, seconds, count / seconds);
        if (serverCpuBefore >= 0) {
            out.printf("  cpu: server %.2f cores, %.0f us per activation%n", serverCpu / 1e9 / seconds,
                    serverCpu / 1e3 / count);
        }
        return count / seconds;
    }

    /**
     * The generator must measure the server, not its abuse limits: each device produces hundreds of OTPs a
     * minute, far beyond the default of 10 per device per minute. Those exact limits of the generator's
     * integration are raised (not disabled: the counters are still written, so their cost is part of the
     * figures) through the admin policy PUT, which is what an operator would do for a load test. The
     * per-address limits are server settings (in memory): load-run.sh starts the server with them raised
     * ({@code PIMS_LIMITS_DEVICE_PER_MINUTE}, {@code PIMS_LIMITS_VERIFY_PER_MINUTE}).
     */
    private void raiseLimits(HttpDriver http) throws Exception {
        // -Dpims.bench.limits=off disables them instead (0: no counter written), to measure what they cost
        boolean off = "off".equals(System.getProperty("pims.bench.limits"));
        java.util.Map<String, Object> limits = new java.util.LinkedHashMap<>();
        limits.put("otpPerDevicePerMinute", off ? 0 : 1_000_000);
        limits.put("otpPerDevicePerHour", off ? 0 : 1_000_000);
        http.putJson("/admin/v1/integrations/" + options.macid() + "/policy", limits);
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
        long serverCpuBefore = CpuTime.ofProcess(options.serverPid());
        long ownCpuBefore = CpuTime.ofSelf();
        long[] machineBefore = CpuTime.ofMachine();
        for (Future<?> f : futures) {
            f.get();
        }
        long requests = http.requests.sum() - requestsBefore;
        long serverCpu = CpuTime.ofProcess(options.serverPid()) - serverCpuBefore;
        long ownCpu = CpuTime.ofSelf() - ownCpuBefore;
        long[] machineAfter = CpuTime.ofMachine();
        double seconds = options.duration().toNanos() / 1e9;
        long[] sorted = LatencyRecorder.merge(recorders);
        Phase phase = new Phase(cycles.sum() / seconds, requests / seconds, failures.sum(),
                LatencyRecorder.quantile(sorted, 0.50), LatencyRecorder.quantile(sorted, 0.95),
                LatencyRecorder.quantile(sorted, 0.99));
        if (serverCpuBefore >= 0 && cycles.sum() > 0) {
            // CPU per unit of work: a figure that a machine shared with other work distorts far less than rates
            out.printf("  cpu: server %.2f cores, %.0f us per unit; generator %.2f cores, %.0f us per unit%n",
                    serverCpu / 1e9 / seconds, serverCpu / 1e3 / cycles.sum(), ownCpu / 1e9 / seconds,
                    ownCpu / 1e3 / cycles.sum());
            if (machineBefore != null && machineAfter != null) {
                // the rest of the busy time: a database server on this machine (PostgreSQL), other processes
                long rest = machineAfter[0] - machineBefore[0] - serverCpu - ownCpu;
                out.printf("  cpu: rest of the machine %.2f cores, %.0f us per unit; idle %.2f cores%n",
                        rest / 1e9 / seconds, rest / 1e3 / cycles.sum(),
                        (machineAfter[1] - machineBefore[1]) / 1e9 / seconds);
            }
        }
        return phase;
    }
}
