package dev.pims.server.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@link AddressBudget} as one token bucket per address in a bounded Caffeine map: {@code burst} failures at
 * once, then one more every {@code refill}. The map holds at most {@code maxAddresses} buckets (least recently
 * used evicted first), so memory stays bounded whatever the number of addresses; an evicted bucket restarts
 * full, which only favours an address that has been quiet. The bucket arithmetic is a few lines and runs on
 * the injectable server clock (tests move time); Caffeine does the part that needs a library, the bounded map.
 */
public final class MemoryAddressBudget implements AddressBudget {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private final int burst;
    private final long refillMillis;
    private final Clock clock;
    private final Cache<String, Bucket> buckets;

    public MemoryAddressBudget(int burst, Duration refill, int maxAddresses, Clock clock) {
        if (burst < 1 || refill.isNegative() || refill.isZero() || maxAddresses < 1) {
            throw new IllegalArgumentException("burst, refill and maxAddresses must be positive");
        }
        this.burst = burst;
        this.refillMillis = refill.toMillis();
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().maximumSize(maxAddresses).build();
    }

    /** Failures left in a bucket, refilled lazily; guarded by the bucket's monitor. */
    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int burst, long now) {
            tokens = burst;
            updated = now;
        }
    }

    @Override
    public boolean admits(String address) {
        Bucket b = buckets.getIfPresent(key(address));
        if (b == null) {
            return true;
        }
        synchronized (b) {
            refill(b);
            return b.tokens >= 1;
        }
    }

    @Override
    public void charge(String address) {
        Bucket b = buckets.get(key(address), k -> new Bucket(burst, clock.millis()));
        synchronized (b) {
            refill(b);
            b.tokens = Math.max(0, b.tokens - 1);
        }
    }

    @Override
    public long retryAfterSeconds(String address) {
        Bucket b = buckets.getIfPresent(key(address));
        if (b == null) {
            return 1;
        }
        synchronized (b) {
            refill(b);
            double missing = Math.max(0, 1 - b.tokens);
            return Math.max(1, (long) Math.ceil(missing * refillMillis / 1000.0));
        }
    }

    private void refill(Bucket b) {
        long now = clock.millis();
        if (now > b.updated) {
            b.tokens = Math.min(burst, b.tokens + (double) (now - b.updated) / refillMillis);
            b.updated = now;
        }
    }

    /** IPv4 as is; IPv6 reduced to its /64 prefix; anything that is not an IP literal is its own key. */
    static String key(String address) {
        if (address == null || !LITERAL.matcher(address).matches() || address.indexOf(':') < 0) {
            return address == null ? "" : address;
        }
        try {
            byte[] b = InetAddress.getByName(address).getAddress();
            if (b.length != 16) {
                return address;
            }
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                s.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
            }
            return s.append(":/64").toString();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
