package dev.pims.cli;

import dev.pims.bench.load.LoadGenerator;
import dev.pims.bench.load.LoadOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pims bench}: the load generator against a running server. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load a running server with virtual devices: activations, then OTP setup + finalize + verify cycles.",
                "It creates one user per device (load-<run>-<n>, each with its device) and raises four abuse limits of"
                        + " the integration (--macid, and of 'default': OTPs per device per minute and hour, device and"
                        + " verification requests per address per minute) through the policy API; with --login-flood,"
                        + " an OAuth client pims-bench-<run>.",
                "When it ends, also on Ctrl-C, it removes those users (DELETE /admin/v1/users/{login}), puts the"
                        + " limits back and revokes the OAuth client. The audit log keeps the run's rows (the audit"
                        + " retention removes them). Run it against a test server, not a production one."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "server base URL, e.g. http://127.0.0.1:8080")
    URI url;

    @Option(names = "--admin-token-file", description = "file holding the admin token (else env PIMS_ADMIN_TOKEN)")
    java.nio.file.Path adminTokenFile;

    @Option(names = "--devices", description = "concurrent virtual devices (default: ${DEFAULT-VALUE})")
    int devices = 32;

    @Option(names = "--seconds", description = "measured seconds of each phase (default: ${DEFAULT-VALUE})")
    int seconds = 20;

    @Option(names = "--warmup", description = "warm-up seconds before each phase (default: ${DEFAULT-VALUE})")
    int warmup = 5;

    @Option(names = "--macid", description = "integration (default: ${DEFAULT-VALUE})")
    String macid = "default";

    @Option(names = "--pinless", description = "PIN-less OTPs instead of PIN-proving ones")
    boolean pinless;

    @Option(names = "--activations", description = "users activated in the activation phase, --devices at a time"
            + " (default: as many as --devices)")
    int activations;

    @Option(names = "--server-pid", description = "process id of a server on this Linux machine: report its CPU time"
            + " per OTP cycle and per activation")
    long serverPid = -1;

    @Option(names = "--baseline", description = "trivial endpoint measured as the baseline (default: ${DEFAULT-VALUE})")
    String baseline = "/health";

    @Option(names = "--login-flood", description = "after the OTP phase, run it again while N clients send"
            + " wrong-password logins to POST /api/v1/oauth/token; prints the OTP verification p50 with and without"
            + " the flood (creates an OAuth client pims-bench-<run>, revoked at the end) (default: ${DEFAULT-VALUE})")
    int loginFlood;

    @Override
    public Integer call() throws Exception {
        String token = adminTokenFile != null
                ? java.nio.file.Files.readString(adminTokenFile).trim()
                : System.getenv("PIMS_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("pims bench: give --admin-token-file or set PIMS_ADMIN_TOKEN");
            return 2;
        }
        LoadOptions options = new LoadOptions(url, token, macid, devices, Duration.ofSeconds(seconds),
                Duration.ofSeconds(warmup), !pinless, baseline, Math.max(activations, devices), serverPid, loginFlood);
        new LoadGenerator(options, System.out).run();
        return 0;
    }
}
