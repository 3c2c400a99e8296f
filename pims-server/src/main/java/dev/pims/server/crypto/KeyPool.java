package dev.pims.server.crypto;

import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.crypto.RsaPublicKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's activation keys (Kiw and ms keys, e = 17), per key size. A key pair is handed to at most
 * {@code maxUses} activations and for at most {@code maxAge} milliseconds, then replaced by a fresh one from a
 * small queue that one background virtual thread keeps full (generation, 20-50 ms of CPU for 1024 bits, stays
 * off the request path; an empty queue falls back to generating inline). Each activation still stores the
 * private key sealed with its own code or device row, exactly as with one key per activation, so a finalize
 * never depends on this process's memory (any node can finish it, a restart loses nothing).
 *
 * <p>The "public-encoded" modulus of a key under an integration's Kfact (3 private-key operations for a 1024-bit
 * key) is public data: it is computed once per (key, Kfact) and then served from memory. The security argument
 * for sharing a key between a bounded number of activations is in docs/protocol.md.
 */
public final class KeyPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyPool.class);
    /** Default bound on the activations that share one key pair. */
    public static final int DEFAULT_MAX_USES = 256;
    /** Default bound on the lifetime of one key pair as the current key, in milliseconds. */
    public static final long DEFAULT_MAX_AGE_MS = TimeUnit.MINUTES.toMillis(5);
    private final Map<Integer, BlockingQueue<RsaKeyPair>> pools = new ConcurrentHashMap<>();
    private final Map<Integer, Lease> current = new ConcurrentHashMap<>();
    private final int capacity;
    private final int maxUses;
    private final long maxAgeMs;
    private final Clock clock;
    private final SecureRandom rnd;
    private final Object signal = new Object();
    private final Thread filler;
    private volatile boolean closed;

    public KeyPool(int capacity, SecureRandom rnd, int... initialSizes) {
        this(capacity, DEFAULT_MAX_USES, DEFAULT_MAX_AGE_MS, Clock.systemUTC(), rnd, initialSizes);
    }

    public KeyPool(int capacity, int maxUses, long maxAgeMs, Clock clock, SecureRandom rnd, int... initialSizes) {
        if (maxUses < 1 || maxAgeMs < 1) {
            throw new IllegalArgumentException("maxUses and maxAgeMs must be positive");
        }
        this.capacity = Math.max(1, capacity);
        this.maxUses = maxUses;
        this.maxAgeMs = maxAgeMs;
        this.clock = clock;
        this.rnd = rnd;
        for (int bits : initialSizes) {
            queue(bits);
        }
        this.filler = Thread.ofVirtual().name("pims-keypool").start(this::fill);
    }

    /**
     * One server activation key: its pair and the cache of its modulus public-encoded under each Kfact.
     * Never log it.
     */
    public static final class Lease {
        private final RsaKeyPair pair;
        private final long createdAt;
        private final AtomicInteger uses = new AtomicInteger();
        private final Map<BigInteger, String> encoded = new ConcurrentHashMap<>();

        Lease(RsaKeyPair pair, long createdAt) {
            this.pair = pair;
            this.createdAt = createdAt;
        }

        public RsaPublicKey publicKey() {
            return pair.publicKey();
        }

        public RsaPrivateKey privateKey() {
            return pair.privateKey();
        }

        /**
         * The modulus (k bytes, big-endian) public-encoded under {@code kfact}, as the device receives it in
         * {@code Kiw} / {@code ms_key}: computed once per Kfact, then reused (public data).
         */
        public String encodedUnder(RsaPrivateKey kfact, SecureRandom rnd) {
            return encoded.computeIfAbsent(kfact.modulus(), m -> BlindedRsa.privateEncode(kfact, modulusBytes(pair.publicKey()), rnd));
        }
    }

    /** The k-byte big-endian modulus of {@code key}. */
    public static byte[] modulusBytes(RsaPublicKey key) {
        int k = key.size();
        byte[] raw = key.modulus().toByteArray();
        byte[] out = new byte[k];
        int copy = Math.min(raw.length, k);
        System.arraycopy(raw, raw.length - copy, out, k - copy, copy);
        return out;
    }

    /** The current key of {@code bits}, replaced once it has served {@code maxUses} activations or aged. */
    public Lease take(int bits) {
        long now = clock.millis();
        Lease lease = current.get(bits);
        if (lease != null && usable(lease, now) && lease.uses.incrementAndGet() <= maxUses) {
            return lease;
        }
        synchronized (this) {
            lease = current.get(bits);
            if (lease == null || !usable(lease, now) || lease.uses.get() >= maxUses) {
                lease = new Lease(next(bits), now);
                current.put(bits, lease);
            }
            lease.uses.incrementAndGet();
            return lease;
        }
    }

    private boolean usable(Lease lease, long now) {
        return now - lease.createdAt < maxAgeMs && now >= lease.createdAt;
    }

    private RsaKeyPair next(int bits) {
        RsaKeyPair pair = queue(bits).poll();
        wake();
        return pair != null ? pair : RsaKeyPair.generate(bits, rnd);
    }

    private BlockingQueue<RsaKeyPair> queue(int bits) {
        return pools.computeIfAbsent(bits, b -> new ArrayBlockingQueue<>(capacity));
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void fill() {
        while (!closed) {
            boolean added = false;
            for (Map.Entry<Integer, BlockingQueue<RsaKeyPair>> e : pools.entrySet()) {
                if (closed) {
                    return;
                }
                if (e.getValue().remainingCapacity() > 0) {
                    try {
                        e.getValue().offer(RsaKeyPair.generate(e.getKey(), rnd));
                        added = true;
                    } catch (RuntimeException ex) {
                        LOG.warn("key pool: generation failed ({})", ex.getClass().getSimpleName());
                    }
                }
            }
            if (!added) {
                synchronized (signal) {
                    try {
                        signal.wait(TimeUnit.SECONDS.toMillis(5));
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        filler.interrupt();
    }
}
