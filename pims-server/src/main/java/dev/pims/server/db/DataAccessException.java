package dev.pims.server.db;

import java.sql.SQLException;

/** A database failure. The message carries the SQL state only: parameters never reach it. */
public final class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataAccessException(SQLException cause) {
        super("database error (SQL state " + cause.getSQLState() + ")", cause);
        this.sqlState = cause.getSQLState();
    }

    private final String sqlState;

    /** A unique or primary key was violated (SQL state 23505 in PostgreSQL and H2): another writer won. */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlState);
    }
}
