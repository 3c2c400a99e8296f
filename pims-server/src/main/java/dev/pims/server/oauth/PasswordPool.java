package dev.pims.server.oauth;

import dev.pims.server.crypto.PasswordHasher;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password hashing on a small, bounded pool of platform threads. The server serves requests on virtual
 * threads; a PBKDF2 derivation (about 100 ms of CPU) run there would hold one of the few carrier threads the
 * whole time, so a burst of logins would stall every other route. Here the request's virtual thread only waits
 * (and unmounts); at most {@code threads} hashes run at once, at most {@code queue} more wait, and beyond that
 * {@link #verify} answers {@link Result.Busy} at once (HTTP 503 with {@code Retry-After}).
 */
public final class PasswordPool implements AutoCloseable {
    private final PasswordHasher hasher;
    private final ThreadPoolExecutor executor;

    public PasswordPool(PasswordHasher hasher, int threads, int queue) {
        if (threads < 1 || queue < 0) {
            throw new IllegalArgumentException("the password pool needs at least one thread");
        }
        this.hasher = hasher;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "pims-password-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), factory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The outcome of one check. */
    public sealed interface Result {
        record Done(boolean matches) implements Result { }
        /** The pool is full: nothing was checked; try again after {@code retryAfterSeconds}. */
        record Busy(long retryAfterSeconds) implements Result { }
    }

    /** Checks {@code password} against {@code storedHash} on the pool; never runs the hash on the caller. */
    public Result verify(String password, String storedHash) {
        Future<Boolean> f;
        try {
            f = executor.submit(() -> hasher.verify(password, storedHash));
        } catch (RejectedExecutionException e) {
            return new Result.Busy(1);
        }
        try {
            return new Result.Done(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return new Result.Busy(1);
        } catch (ExecutionException e) {
            // a malformed stored hash: no match, and nothing of it is quoted
            return new Result.Done(false);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
