package dev.pims.server.db;

/**
 * The one order in which a transaction may take row locks (docs/architecture.md, "Lock order"). A flow locks
 * what it needs from the top of this list down, never back up: codes (activation and SMS codes) before
 * devices, devices (several of them in ascending id) before the account they belong to, and the account last.
 * Two flows that follow this order cannot wait on each other in a cycle, so they cannot deadlock.
 *
 * <p>Every repository method that takes a row lock calls {@link Sql#acquiring(LockRank, String)} first; a flow
 * that breaks the order fails at once with an {@link IllegalStateException}, in tests and in production
 * alike, instead of deadlocking now and then under load.
 */
public enum LockRank {
    /** An activation code or an SMS code row. */
    CODE,
    /** A device row; several devices are locked in ascending id. */
    DEVICE,
    /** The account row: always the last lock a transaction takes. */
    ACCOUNT
}
