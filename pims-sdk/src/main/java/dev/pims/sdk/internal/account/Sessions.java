package dev.pims.sdk.internal.account;

import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the current BasicAuthentication session of one facade and renews it when it can. */
public final class Sessions {

    /** One account-API call made with a session. */
    @FunctionalInterface
    public interface Call<T> {
        T run(Session session) throws SdkException;
    }

    private final AtomicReference<Session> current = new AtomicReference<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public Optional<Session> current() {
        return Optional.ofNullable(current.get());
    }

    public void set(Session s) {
        current.set(s);
    }

    public Optional<Session> clear() {
        return Optional.ofNullable(current.getAndSet(null));
    }

    /** The login of a live (possibly expired but renewable) session, else 2301. */
    public String requireLogin() throws SdkException {
        Session s = current.get();
        if (s == null) {
            throw needBasic();
        }
        return s.username();
    }

    /** A valid session, refreshed first when it expired and a refresh token exists; else 2301. */
    public Session require(AccountClient client) throws SdkException {
        Session s = current.get();
        if (s == null) {
            throw needBasic();
        }
        if (s.validAt(clock.millis())) {
            return s;
        }
        return renew(client, s);
    }

    /** Forces a refresh (GET token action=refresh). */
    public Session refresh(AccountClient client) throws SdkException {
        Session s = current.get();
        if (s == null) {
            throw needBasic();
        }
        return renew(client, s);
    }

    /** Runs {@code call} with a valid session; after a 401 (2301) it refreshes once and retries. */
    public <T> T with(AccountClient client, Call<T> call) throws SdkException {
        Session s = require(client);
        try {
            return call.run(s);
        } catch (SdkException e) {
            if (e.error().error() != PimsError.NEED_BASIC_AUTHENTICATION || s.refreshToken() == null) {
                throw e;
            }
        }
        return call.run(renew(client, s));
    }

    private Session renew(AccountClient client, Session s) throws SdkException {
        if (s.refreshToken() == null) {
            current.compareAndSet(s, null);
            throw needBasic();
        }
        Session fresh;
        try {
            fresh = client.refresh(s);
        } catch (SdkException e) {
            if (e.error().error() == PimsError.NEED_BASIC_AUTHENTICATION) {
                current.compareAndSet(s, null);
            }
            throw e;
        }
        current.compareAndSet(s, fresh);
        return fresh;
    }

    private static SdkException needBasic() {
        return SdkError.of(PimsError.NEED_BASIC_AUTHENTICATION).exception();
    }
}
