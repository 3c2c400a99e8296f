package dev.pims.server.startup;

/**
 * The server cannot start, for a reason a person can act on. {@link #getMessage()} is one line saying what is
 * wrong and what to do (the setting or flag to change); it never carries a secret. {@link Reason#exitCode()} is
 * the process exit code {@code pims server} ends with, distinct per reason so that scripts and service managers
 * can tell them apart.
 */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    public StartupFailure(Reason reason, String message) {
        this(reason, message, null);
    }

    public StartupFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why a start failed, with the exit code of {@code pims server} (docs/operations.md lists them). */
    public enum Reason {
        BAD_SETTINGS(10),
        PORT_IN_USE(11),
        BAD_HOST(12),
        DATA_DIRECTORY(13),
        DATA_DIRECTORY_IN_USE(14),
        DATABASE_UNREACHABLE(15),
        DATABASE_REFUSED(16),
        DATABASE_MIGRATION(17),
        MASTER_KEY_MISSING(18),
        MASTER_KEY_WRONG(19),
        TLS_KEYSTORE(20),
        ADMIN_TOKEN_WEAK(21);

        private final int exitCode;

        Reason(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
