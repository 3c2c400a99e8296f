package dev.pims.server.console;

/** An expected refusal of a console request (bad form input, unknown user...): shown as a page, never a 500. */
public final class ConsoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ConsoleException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ConsoleException badRequest(String message) {
        return new ConsoleException(400, message);
    }

    public static ConsoleException notFound(String message) {
        return new ConsoleException(404, message);
    }
}
