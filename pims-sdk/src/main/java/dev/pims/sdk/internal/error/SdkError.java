package dev.pims.sdk.internal.error;

import dev.pims.sdk.error.PimsError;

import java.util.Objects;

/**
 * One facade error as the host sees it: the catalogue entry and its label with the placeholder filled.
 * Never carries a secret: the placeholder value is a parameter or component name.
 */
public record SdkError(PimsError error, String label) {

    public SdkError {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(label, "label");
    }

    public static SdkError of(PimsError error) {
        return new SdkError(error, error.label());
    }

    /** The error with {@code [PARAMETER]} / {@code [Component]} replaced by {@code name}. */
    public static SdkError of(PimsError error, String name) {
        return new SdkError(error, error.label(name));
    }

    public static SdkError missing(String parameter) {
        return of(PimsError.MISSING_PARAMETER, parameter);
    }

    public static SdkError invalid(String parameter) {
        return of(PimsError.INVALID_PARAMETER, parameter);
    }

    public int code() {
        return error.code();
    }

    public SdkException exception() {
        return new SdkException(this);
    }
}
