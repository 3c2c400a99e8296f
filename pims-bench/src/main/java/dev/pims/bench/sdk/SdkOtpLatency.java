package dev.pims.bench.sdk;

import dev.pims.sdk.Pims;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.store.FileDeviceStateStore;
import dev.pims.sdk.store.MemoryDeviceStateStore;
import dev.pims.sdk.transport.UrlConnectionTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequential PIN-less OTPs through the facade against a running server (a separate process), the SDK's end-to-end
 * time beside the server's own time for the same requests, read from its /metrics timer
 * ({@code pims_http_requests_seconds} of {@code POST /iwws/MAC}: two requests per OTP).
 * <pre>java -cp benchmarks.jar dev.pims.bench.sdk.SdkOtpLatency URL ADMIN_TOKEN_FILE [OTPS] [WARMUP] [file|memory]</pre>
 * {@code file} (the default) is the durable store every OTP saves to; {@code memory} shows what that save costs.
 */
public final class SdkOtpLatency {

    private static final Pattern SERIES = Pattern.compile(
            "(?m)^pims_http_requests_seconds_(count|sum)\\{([^}]*)\\} ([0-9.eE+-]+)$");

    private SdkOtpLatency() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SdkOtpLatency URL ADMIN_TOKEN_FILE [OTPS] [WARMUP]");
            System.exit(2);
        }
        String url = args[0];
        String token = Files.readString(Paths.get(args[1]), StandardCharsets.UTF_8).trim();
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        boolean memory = args.length > 4 && args[4].equals("memory");
        Admin admin = new Admin(url, token);
        DeviceStateStore store = memory ? new MemoryDeviceStateStore()
                : new FileDeviceStateStore(EnrolledApp.temp("sdk-latency-app"));
        try (Pims pims = EnrolledApp.enroll(url, admin, "default", new UrlConnectionTransport(), store)) {
            for (int i = 0; i < warmup; i++) {
                EnrolledApp.otp(pims);
            }
            double[] before = macTimer(admin.metrics());
            long[] nanos = new long[count];
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                EnrolledApp.otp(pims);
                nanos[i] = System.nanoTime() - t0;
            }
            double[] after = macTimer(admin.metrics());
            double requests = after[0] - before[0];
            double serverMsPerOtp = (after[1] - before[1]) * 1000 / count;
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            double median = sorted[count / 2] / 1e6;
            double p90 = sorted[(int) (count * 0.9)] / 1e6;
            double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
            System.out.printf("store %s, otps %d (after %d warm-up), device requests seen by the server %.0f%n", memory ? "memory" : "file",
                    count, warmup, requests);
            System.out.printf("sdk end to end: median %.2f ms, p90 %.2f ms, mean %.2f ms%n", median, p90, mean);
            System.out.printf("server (its /metrics timer, both requests): mean %.2f ms per OTP%n", serverMsPerOtp);
            System.out.printf("sdk + network beyond the server: %.2f ms per OTP (mean - server), ratio sdk/server %.2f%n",
                    mean - serverMsPerOtp, mean / serverMsPerOtp);
        }
    }

    /** Count and sum (seconds) of every POST /iwws/MAC series, all statuses. */
    static double[] macTimer(String scrape) {
        double[] out = new double[2];
        Matcher m = SERIES.matcher(scrape);
        while (m.find()) {
            String labels = m.group(2);
            if (labels.contains("route=\"/iwws/MAC\"") && labels.contains("method=\"POST\"")) {
                out[m.group(1).equals("count") ? 0 : 1] += Double.parseDouble(m.group(3));
            }
        }
        return out;
    }
}
