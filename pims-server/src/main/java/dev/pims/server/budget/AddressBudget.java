package dev.pims.server.budget;

/**
 * A per-client-address budget of failures (wrong codes, wrong passwords), kept in memory on each node: it
 * protects capacity and slows blind guessing from one address; the exact, cluster-wide counters that protect
 * the secrets themselves live on the account and code rows. An address is an IPv4 address, or the /64 prefix
 * of an IPv6 address (one subscriber usually owns a whole /64). N nodes admit up to N times the per-node rate.
 */
public interface AddressBudget {
    /** True when {@code address} may make one more attempt now (nothing is consumed). */
    boolean admits(String address);

    /** Charges one failure to {@code address}. */
    void charge(String address);

    /** Seconds until {@code address} is admitted again (at least 1), for {@code Retry-After}. */
    long retryAfterSeconds(String address);
}
