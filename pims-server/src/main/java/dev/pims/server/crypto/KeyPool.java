package dev.pims.server.crypto;

import dev.pims.protocol.crypto.RsaKeyPair;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pre-generated RSA key pairs (e = 17) for per-activation keys (Kiw, ms keys), per key size, filled by
 * one background virtual thread so that generation stays off the request path. An empty pool falls
 * back to generating inline.
 */
public final class KeyPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyPool.class);
    private final Map<Integer, BlockingQueue<RsaKeyPair>> pools = new ConcurrentHashMap<>();
    private final int capacity;
    private final SecureRandom rnd;
    private final Object signal = new Object();
    private final Thread filler;
    private volatile boolean closed;

    public KeyPool(int capacity, SecureRandom rnd, int... initialSizes) {
        this.capacity = capacity;
        this.rnd = rnd;
        for (int bits : initialSizes) {
            queue(bits);
        }
        this.filler = Thread.ofVirtual().name("pims-keypool").start(this::fill);
    }

    public RsaKeyPair take(int bits) {
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
