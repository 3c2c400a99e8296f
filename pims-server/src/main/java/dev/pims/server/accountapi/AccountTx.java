package dev.pims.server.accountapi;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.activation.CodeAttempts;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import dev.pims.server.sms.SmsCodes;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The transaction discipline of the account API. Each call is one transaction that takes its row locks in the
 * one order of {@link dev.pims.server.db.LockRank}: the account's codes (activation, then SMS), its devices when
 * needed, the account row last. A refusal that must leave a trace (a wrong try, a PIN error, the audit line) is
 * returned from the transaction as an {@link AccountError}, committed, then thrown; a refusal thrown inside
 * rolls everything back.
 */
final class AccountTx {
    private final Database db;
    private final AccountRepository accounts;
    private final ActivationCodeRepository activationCodes;
    private final SmsCodes smsCodes;
    private final AuditLog audit;

    AccountTx(Database db, AccountRepository accounts, ActivationCodeRepository activationCodes, SmsCodes smsCodes,
            AuditLog audit) {
        this.db = db;
        this.accounts = accounts;
        this.activationCodes = activationCodes;
        this.smsCodes = smsCodes;
        this.audit = audit;
    }

    Database db() {
        return db;
    }

    @SuppressWarnings("unchecked")
    <T> T run(Database.Work<Object> work) {
        Object out = db.inTransaction(work);
        if (out instanceof AccountError e) {
            throw e;
        }
        return (T) out;
    }

    /** The account row, locked (the last lock of the transaction). */
    Account lockAccount(Sql sql, String login) throws SQLException {
        // the token was valid a moment ago; an account deleted since is an unauthenticated caller
        return accounts.lock(sql, login).orElseThrow(AccountError::unauthenticated);
    }

    /** Every code row of the account, then the account row: for operations that read or change codes. */
    Account lockCodesAndAccount(Sql sql, String login) throws SQLException {
        lockCodes(sql, login);
        return lockAccount(sql, login);
    }

    /** The account's code anchor, then every code row of the account (activation, then SMS). */
    void lockCodes(Sql sql, String login) throws SQLException {
        activationCodes.lockAnchor(sql, login);
        activationCodes.lockAllOf(sql, login);
        smsCodes.lockAllOf(sql, login);
    }

    AccountError refuse(Sql sql, String login, String event, AccountError e) throws SQLException {
        audit.record(sql, login, null, event, e.error());
        return e;
    }

    /**
     * How the account API answers an SMS code that did not pass: a wrong code is charged to the account
     * ({@link CodeAttempts#chargeAccount}) and refused with {@code NOK:CODE}, an expired one refused with
     * {@code NOK:CODEEXPIRED}, both audited; empty for a good code.
     */
    Optional<AccountError> refuseCode(Sql sql, String login, String event, SmsCodes.Check check, long now)
            throws SQLException {
        if (check instanceof SmsCodes.Check.Wrong) {
            CodeAttempts.chargeAccount(sql, login, now);
            return Optional.of(refuse(sql, login, event, AccountError.code()));
        }
        if (check instanceof SmsCodes.Check.Expired) {
            return Optional.of(refuse(sql, login, event, AccountError.codeExpired()));
        }
        return Optional.empty();
    }

    void ok(Sql sql, String login, String event) throws SQLException {
        audit.record(sql, login, null, event, "OK");
    }
}
