package dev.pims.sdk.internal.error;

/**
 * Short-circuits a handler with an expected facade error. Internal: the facade turns it into a FAILED
 * message and never lets it reach the host. Its message is the error code and label only (no secrets),
 * and it records no stack trace.
 */
public final class SdkException extends Exception {

    private final transient SdkError error;

    public SdkException(SdkError error) {
        super(error.code() + " " + error.label(), null, false, false);
        this.error = error;
    }

    public SdkError error() {
        return error;
    }
}
