package dev.pims.protocol.device;

import dev.pims.protocol.wire.WireError;

/** The outcome of reading one server answer on the client side. */
public sealed interface ProtocolResult<T> {

    /** The server said OK and the answer was complete. */
    record Ok<T>(T value) implements ProtocolResult<T> {
    }

    /** The server refused: {@code err} was {@code NOK:<reason>}. {@code error} is null for an unknown reason. */
    record Refused<T>(WireError error, String err) implements ProtocolResult<T> {
    }

    /** The answer could not be used (wrong root, missing or undecodable element); {@code what} names the element. */
    record Malformed<T>(String what) implements ProtocolResult<T> {
    }

    static <T> ProtocolResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> ProtocolResult<T> malformed(String what) {
        return new Malformed<>(what);
    }
}
