package dev.pims.bench.sdk;

import dev.pims.sdk.Pims;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.store.FileDeviceStateStore;
import dev.pims.sdk.store.MemoryDeviceStateStore;
import dev.pims.sdk.transport.UrlConnectionTransport;
import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SDK's own cost of one OTP: {@code getAsync("pims.authentication.otp", withoutPIN).join()} through the
 * facade (thread hand-offs included) over a transport that answers at once with a real server's answers
 * ({@link ReplayTransport}). {@code store=file} is the default durable store (one of two slots overwritten in
 * place, one data flush, every OTP); {@code store=memory} shows what that save costs.
 * <pre>java -jar pims-bench/target/benchmarks.jar SdkOtpBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SdkOtpBenchmark {

    @Param({"file", "memory"})
    public String store;

    private PimsServer server;
    private Pims pims;

    @Setup(Level.Trial)
    public void enroll() throws Exception {
        server = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0)
                .dataDir(EnrolledApp.temp("sdk-bench-server")).adminToken("sdk-bench-admin-token-0123456789").development()
                .ops(dev.pims.server.ops.OpsConfig.defaults().withLimits(
                        dev.pims.server.limits.AddressLimits.defaults().withDevicePerMinute(0)))
                .keyPoolSize(1).build());
        DeviceStateStore states = store.equals("file") ? new FileDeviceStateStore(EnrolledApp.temp("sdk-bench-app"))
                : new MemoryDeviceStateStore();
        ReplayTransport transport = new ReplayTransport(new UrlConnectionTransport());
        pims = EnrolledApp.enroll(server.baseUrl(), new Admin(server.baseUrl(), server.adminToken()), "default",
                transport, states);
        EnrolledApp.otp(pims);
        transport.replay();
        server.close();
        server = null;
    }

    @Benchmark
    public String otp() {
        return EnrolledApp.otp(pims);
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (pims != null) {
            pims.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
