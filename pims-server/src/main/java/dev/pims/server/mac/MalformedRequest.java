package dev.pims.server.mac;

/** Internal signal for a malformed device request, answered NOK:SN. Carries no parameter value. */
final class MalformedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRequest(String parameterName) {
        super("malformed parameter " + parameterName, null, false, false);
    }
}
