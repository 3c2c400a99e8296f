package dev.pims.sdk.internal.facade;

import dev.pims.sdk.internal.config.SdkConfig;
import dev.pims.sdk.internal.error.SdkException;
import java.util.Map;

/** Builds the facade's API handlers for a configuration; the facade calls it at initialize and reconfigure. */
public interface Components {

    /** The handlers for {@code config}. May fail with 2102 for an unusable value (e.g. storage path). */
    Map<Route, Handler> routes(SdkConfig config, EventSink events) throws SdkException;

    /** {@code release}: forget sessions and in-memory secrets. */
    void release();
}
