package dev.pims.sdk.internal.facade;

import dev.pims.sdk.internal.error.SdkException;

/**
 * Serves one (operation, API) pair. Runs on an SDK worker thread; may block on I/O. Expected failures are
 * a {@link Outcome.Failure} or an {@link SdkException}; anything else thrown becomes 2000.
 */
@FunctionalInterface
public interface Handler {

    Outcome handle(Params params) throws SdkException;
}
