package dev.pims.server.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A per-node, in-memory request limit per client address: one token bucket per address key
 * ({@link AddressKey}: an IPv4 address, or an IPv6 address cut to its configured prefix, /64 by default), refilled
 * continuously at {@code perMinute} tokens a minute and holding at most {@code perMinute} tokens (one minute's
 * worth of burst). Nothing is written to the database, ever: a refused request costs a map look-up.
 *
 * <p>Memory is bounded whatever the number of addresses: the buckets live in a Caffeine cache of at most
 * {@code maxAddresses} entries (a bucket is about 200 bytes with its key and cache node). Caffeine's admission policy
 * (W-TinyLFU) keeps frequently seen addresses, so a flood of one-off addresses does not evict the bucket of a
 * busy attacker. A bucket idle long enough to be full again is dropped: it is the same as no bucket.
 *
 * <p>These limits protect capacity, not secrets: each node counts alone, so N nodes admit up to N times
 * {@code perMinute} per address (docs/architecture.md, "Limits"). Counters that protect secrets (PIN errors,
 * OTP issuance per device, code guesses) are exact, in the database, on the subject's row.
 *
 * <p>Use: {@code if (!limiter.tryAcquire(ClientAddress.of(ctx)).allowed()) -> 429 with Retry-After}. For a
 * limit charged only on failures (wrong codes, wrong passwords), call {@link #peek} before doing the work and
 * {@link #charge} after a failure. Thread-safe; construct one per limited route family at start-up.
 */
public final class AddressLimiter {
    /** Allowed, or refused with the seconds until one token is back (for {@code Retry-After}). */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        public static final Decision ALLOWED = new Decision(true, 0);
    }

    /** One address's bucket: tokens left (may be fractional) at {@code atNanos}. */
    private record Bucket(double tokens, long atNanos) { }

    private final String name;
    private final int perMinute;
    private final AddressKey keys;
    private final LongSupplier nanos;
    private final double tokensPerNano;
    private final Cache<String, Bucket> buckets;

    /**
     * @param name what this limit protects (for metrics and logs: "device", "verify", "admin" ...)
     * @param perMinute sustained requests per address key per minute, also the burst; 0 disables the limit
     * @param keys how client addresses are turned into keys (IPv6 prefix)
     * @param maxAddresses the most address keys remembered at once (the memory ceiling)
     * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime}; tests pass their own)
     */
    public AddressLimiter(String name, int perMinute, AddressKey keys, long maxAddresses, LongSupplier nanos) {
        this(name, perMinute, Duration.ofMinutes(1), keys, maxAddresses, nanos);
    }

    /**
     * A bucket of {@code capacity} tokens refilled evenly over {@code period} (the console's sign-in failures: 10
     * per 15 minutes); {@link #perMinute()} then answers the capacity.
     */
    public AddressLimiter(String name, int capacity, Duration period, AddressKey keys, long maxAddresses,
            LongSupplier nanos) {
        if (capacity < 0 || maxAddresses < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("capacity must be >= 0, period > 0 and maxAddresses >= 1");
        }
        this.name = name;
        this.perMinute = capacity;
        this.keys = keys;
        this.nanos = nanos;
        this.tokensPerNano = capacity / (double) period.toNanos();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterAccess(period.plusSeconds(1)) // full again after a period: forget it
                .ticker(nanos::getAsLong)
                .executor(Runnable::run) // maintenance on the calling thread: no background thread per limiter
                .build();
    }

    public String name() {
        return name;
    }

    public int perMinute() {
        return perMinute;
    }

    /** Takes one token for {@code clientAddress}; refused (and nothing taken) when its bucket is empty. */
    public Decision tryAcquire(String clientAddress) {
        return take(clientAddress, true);
    }

    /** Would {@link #tryAcquire} allow a request now? Takes nothing. */
    public Decision peek(String clientAddress) {
        return take(clientAddress, false);
    }

    /** Takes one token if there is one (a failure to charge after the fact: a wrong code, a wrong password). */
    public void charge(String clientAddress) {
        take(clientAddress, true);
    }

    /** Forgets the bucket of the key of {@code clientAddress} on this node (an administrator's clear). */
    public void clear(String clientAddress) {
        buckets.invalidate(keys.of(clientAddress));
    }

    /** Tokens left for {@code clientAddress} on this node (perMinute when it has no bucket). */
    public double tokens(String clientAddress) {
        Bucket b = buckets.getIfPresent(keys.of(clientAddress));
        return b == null ? perMinute : refill(b, nanos.getAsLong());
    }

    /** Address keys currently remembered (at most {@code maxAddresses}). */
    public long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Decision take(String clientAddress, boolean consume) {
        if (perMinute == 0) {
            return Decision.ALLOWED;
        }
        String key = keys.of(clientAddress);
        long now = nanos.getAsLong();
        boolean[] allowed = new boolean[1];
        double[] left = new double[1];
        buckets.asMap().compute(key, (k, old) -> {
            double tokens = old == null ? perMinute : refill(old, now);
            allowed[0] = tokens >= 1;
            if (allowed[0] && consume) {
                tokens -= 1;
            }
            left[0] = tokens;
            return new Bucket(tokens, now);
        });
        if (allowed[0]) {
            return Decision.ALLOWED;
        }
        double missing = 1 - left[0];
        return new Decision(false, Math.max(1, (long) Math.ceil(missing / tokensPerNano / 1e9)));
    }

    private double refill(Bucket b, long now) {
        return Math.min(perMinute, b.tokens() + Math.max(0, now - b.atNanos()) * tokensPerNano);
    }
}
