package dev.pims.sdk.internal.json;

/** Malformed JSON; the message names the problem and offset, never the text itself. */
public final class JsonException extends Exception {

    public JsonException(String problem, int offset) {
        super(problem + " at offset " + offset, null, false, false);
    }
}
