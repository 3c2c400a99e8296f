package dev.pims.bench.load;

import java.net.URI;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param server        the server's base URL
 * @param adminToken    the admin bearer token (creates users and activation codes, verifies OTPs)
 * @param macid         the integration to use
 * @param devices       concurrent virtual devices, each activated once
 * @param duration      how long the OTP loop runs
 * @param warmup        how long it runs before measuring
 * @param withPin       OTPs with PIN (true) or PIN-less
 * @param baselinePath  the trivial endpoint measured as the baseline
 * @param activations   users activated in the activation phase ({@code devices} at a time); at least
 *                      {@code devices}, the first {@code devices} of them then run the OTP loop
 * @param serverPid     the server's process id when it runs on this machine (Linux): its CPU time per phase is
 *                      then reported; -1 otherwise
 * @param loginFlood    0, or the number of concurrent wrong-password logins sent while a second OTP phase runs
 */
public record LoadOptions(URI server, String adminToken, String macid, int devices, Duration duration,
                          Duration warmup, boolean withPin, String baselinePath, int activations, long serverPid,
                          int loginFlood) {
    public LoadOptions(URI server, String adminToken, String macid, int devices, Duration duration,
            Duration warmup, boolean withPin, String baselinePath) {
        this(server, adminToken, macid, devices, duration, warmup, withPin, baselinePath, devices, -1, 0);
    }

    public LoadOptions(URI server, String adminToken, String macid, int devices, Duration duration,
            Duration warmup, boolean withPin, String baselinePath, int activations, long serverPid) {
        this(server, adminToken, macid, devices, duration, warmup, withPin, baselinePath, activations, serverPid, 0);
    }

    public LoadOptions {
        if (activations < 0 || activations > 100_000) {
            throw new IllegalArgumentException("activations must be between 0 and 100000");
        }
        if (loginFlood < 0 || loginFlood > 10_000) {
            throw new IllegalArgumentException("login flood must be between 0 and 10000 clients");
        }
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("devices must be between 1 and 10000");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("duration must be positive and at most one hour");
        }
    }
}
