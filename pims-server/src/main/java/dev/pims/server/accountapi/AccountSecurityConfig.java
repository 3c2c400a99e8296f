package dev.pims.server.accountapi;

import dev.pims.server.limits.AddressKey;
import dev.pims.server.limits.AddressLimiter;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of the account API's defences (docs/security.md; docs/operations.md, "Account security").
 *
 * @param coolingOff after a proven phone change, PIN resets and new enrollments wait this long
 *        ({@code pims.account.cooling-off-hours}, default 24 h) unless an administrator confirms
 * @param passwordThreads password hashes run at once ({@code pims.password.threads}, default: half the cores)
 * @param passwordQueue password checks that may wait for a thread; beyond, HTTP 503 ({@code pims.password.queue})
 * @param loginFailuresPerMinute wrong passwords per client address per minute (also the burst), per node
 * @param codeFailuresPerMinute wrong codes per client address per minute (also the burst), per node
 *        ({@code pims.limits.code-failures-per-minute}, default 12: one guess per 5 s sustained)
 * @param codeFailureCeilingPerMinute cluster-wide wrong codes per minute above which an alert is raised
 * @param maxAddresses addresses remembered per budget (memory ceiling)
 */
public record AccountSecurityConfig(Duration coolingOff, int passwordThreads, int passwordQueue,
        int loginFailuresPerMinute, int codeFailuresPerMinute, int codeFailureCeilingPerMinute, long maxAddresses) {

    public static AccountSecurityConfig defaults() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new AccountSecurityConfig(Duration.ofHours(24), threads, 4 * threads, 20, 12, 600, 100_000);
    }

    public AccountSecurityConfig withCoolingOff(Duration d) {
        return new AccountSecurityConfig(d, passwordThreads, passwordQueue, loginFailuresPerMinute,
                codeFailuresPerMinute, codeFailureCeilingPerMinute, maxAddresses);
    }

    public AccountSecurityConfig withPasswordPool(int threads, int queue) {
        return new AccountSecurityConfig(coolingOff, threads, queue, loginFailuresPerMinute, codeFailuresPerMinute,
                codeFailureCeilingPerMinute, maxAddresses);
    }

    /** 0 = no per-address limit of wrong passwords. */
    public AccountSecurityConfig withLoginFailuresPerMinute(int v) {
        return new AccountSecurityConfig(coolingOff, passwordThreads, passwordQueue, v, codeFailuresPerMinute,
                codeFailureCeilingPerMinute, maxAddresses);
    }

    /** 0 = no per-address limit of wrong codes; {@code ceiling} 0 = no alert. */
    public AccountSecurityConfig withCodeFailures(int perMinute, int ceiling) {
        return new AccountSecurityConfig(coolingOff, passwordThreads, passwordQueue, loginFailuresPerMinute, perMinute,
                ceiling, maxAddresses);
    }

    /** The per-node budget of wrong passwords per address (IPv6 per /64), on the server clock. */
    public AddressLimiter loginFailureLimiter(Clock clock) {
        return new AddressLimiter("login-failures", loginFailuresPerMinute, new AddressKey(64), maxAddresses,
                () -> clock.millis() * 1_000_000L);
    }

    /** The per-node budget of wrong codes per address (IPv6 per /64), on the server clock. */
    public AddressLimiter codeFailureLimiter(Clock clock) {
        return new AddressLimiter("code-failures", codeFailuresPerMinute, new AddressKey(64), maxAddresses,
                () -> clock.millis() * 1_000_000L);
    }
}
