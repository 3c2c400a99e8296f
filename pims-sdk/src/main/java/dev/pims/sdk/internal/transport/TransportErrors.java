package dev.pims.sdk.internal.transport;

import dev.pims.sdk.transport.HttpOutcome;

import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;

/** Maps transport-level failures to facade errors: unreachable 2202, timeout 2201, 5xx 2204, garbage 2203. */
public final class TransportErrors {

    private TransportErrors() {
    }

    public static SdkError of(HttpOutcome.Failure f) {
        return SdkError.of(f.kind() == HttpOutcome.Kind.TIMEOUT ? PimsError.TIMEOUT : PimsError.NETWORK_PROBLEM);
    }

    public static SdkError serverError() {
        return SdkError.of(PimsError.SERVER_ERROR);
    }

    public static SdkError unparseable() {
        return SdkError.of(PimsError.INVALID_RETURN);
    }
}
