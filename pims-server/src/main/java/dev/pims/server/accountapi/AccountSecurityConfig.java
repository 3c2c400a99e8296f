package dev.pims.server.accountapi;

import java.time.Duration;

/**
 * Settings of the account API's defences (docs/security.md, docs/operations.md "Account security").
 *
 * @param coolingOff after a proven phone change, PIN resets and new enrollments wait this long
 *        ({@code pims.account.cooling-off-hours}, default 24 h) unless an administrator confirms
 * @param passwordThreads password hashes run at once ({@code pims.password.threads}, default: half the cores)
 * @param passwordQueue password checks that may wait for a thread; beyond, HTTP 503 ({@code pims.password.queue})
 * @param loginFailuresPerAddress wrong passwords an address may make at once (then one per refill period)
 * @param loginRefill the refill period of {@code loginFailuresPerAddress}
 * @param codeFailuresPerAddress wrong codes an address may make at once (then one per refill period)
 * @param codeRefill the refill period of {@code codeFailuresPerAddress} ({@code pims.limits.code-failure-seconds})
 * @param codeFailureCeilingPerMinute cluster-wide wrong codes per minute above which an alert is raised
 * @param maxAddresses addresses remembered per budget (memory ceiling)
 */
public record AccountSecurityConfig(Duration coolingOff, int passwordThreads, int passwordQueue,
        int loginFailuresPerAddress, Duration loginRefill, int codeFailuresPerAddress, Duration codeRefill,
        int codeFailureCeilingPerMinute, int maxAddresses) {

    public static AccountSecurityConfig defaults() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new AccountSecurityConfig(Duration.ofHours(24), threads, 4 * threads, 20, Duration.ofSeconds(3), 5,
                Duration.ofSeconds(5), 600, 100_000);
    }

    public AccountSecurityConfig withCoolingOff(Duration d) {
        return new AccountSecurityConfig(d, passwordThreads, passwordQueue, loginFailuresPerAddress, loginRefill,
                codeFailuresPerAddress, codeRefill, codeFailureCeilingPerMinute, maxAddresses);
    }

    public AccountSecurityConfig withPasswordPool(int threads, int queue) {
        return new AccountSecurityConfig(coolingOff, threads, queue, loginFailuresPerAddress, loginRefill,
                codeFailuresPerAddress, codeRefill, codeFailureCeilingPerMinute, maxAddresses);
    }

    public AccountSecurityConfig withLoginBudget(int burst, Duration refill) {
        return new AccountSecurityConfig(coolingOff, passwordThreads, passwordQueue, burst, refill,
                codeFailuresPerAddress, codeRefill, codeFailureCeilingPerMinute, maxAddresses);
    }

    public AccountSecurityConfig withCodeBudget(int burst, Duration refill, int ceilingPerMinute) {
        return new AccountSecurityConfig(coolingOff, passwordThreads, passwordQueue, loginFailuresPerAddress,
                loginRefill, burst, refill, ceilingPerMinute, maxAddresses);
    }
}
