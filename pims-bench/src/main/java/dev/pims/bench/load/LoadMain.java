package dev.pims.bench.load;

import java.net.URI;
import java.time.Duration;

/**
 * {@code java -cp benchmarks.jar dev.pims.bench.load.LoadMain URL ADMIN_TOKEN [devices] [seconds] [macid] [pin|nopin]}.
 * The {@code pims bench} command offers the same with named options.
 */
public final class LoadMain {
    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LoadMain URL ADMIN_TOKEN [devices=32] [seconds=20] [macid=default] [pin|nopin]");
            System.exit(2);
        }
        int devices = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        String macid = args.length > 4 ? args[4] : "default";
        boolean withPin = args.length <= 5 || !args[5].equals("nopin");
        LoadOptions options = new LoadOptions(URI.create(args[0]), args[1], macid, devices,
                Duration.ofSeconds(seconds), Duration.ofSeconds(Math.max(2, seconds / 5)), withPin, "/health");
        new LoadGenerator(options, System.out).run();
    }
}
