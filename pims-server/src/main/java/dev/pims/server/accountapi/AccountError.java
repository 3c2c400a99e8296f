package dev.pims.server.accountapi;

/**
 * A refused account-API request, answered as {@code {"error": "NOK:...", "field"?: ..., "message"?: ...}}
 * (the contract's table in notes/account-api.md). Messages never carry secrets.
 */
public final class AccountError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;
    private final String field;

    public AccountError(int status, String error, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }

    public static AccountError sn(String field, String message) {
        return new AccountError(400, "NOK:SN", field, message);
    }

    public static AccountError code() {
        return new AccountError(400, "NOK:CODE", "smsCode", "wrong, unknown or dead SMS code");
    }

    public static AccountError codeExpired() {
        return new AccountError(400, "NOK:CODEEXPIRED", "smsCode", "the SMS code has expired");
    }

    public static AccountError pinRefused() {
        return new AccountError(400, "NOK:PINREFUSED", "newPin", "the new PIN does not satisfy the PIN policy");
    }

    public static AccountError pinReused() {
        return new AccountError(400, "NOK:PINREUSED", "newPin", "the new PIN equals the current one");
    }

    public static AccountError noSrv() {
        return new AccountError(400, "NOK:NOSRV", null, "unknown integration (X-Pims-Macid)");
    }

    public static AccountError state(String message) {
        return new AccountError(400, "NOK:STATE", null, message);
    }

    public static AccountError unauthenticated() {
        return new AccountError(401, "NOK:UNAUTHENTICATED", null, "missing, unknown, expired or revoked bearer token");
    }

    public static AccountError access() {
        return new AccountError(403, "NOK:ACCESS", null, "wrong PIN");
    }

    public static AccountError access(String message) {
        return new AccountError(403, "NOK:ACCESS", null, message);
    }

    public static AccountError blocked() {
        return new AccountError(403, "NOK:BLOCKED", null, "the account is blocked");
    }

    public static AccountError forbidden(String message) {
        return new AccountError(403, "NOK:FORBIDDEN", null, message);
    }

    public static AccountError noPhone() {
        return new AccountError(404, "NOK:NOPHONE", null, "the account has no trusted phone number");
    }

    public static AccountError phoneExists(String message) {
        return new AccountError(409, "NOK:PHONEEXISTS", "phoneNumber", message);
    }

    public static AccountError smsGateway(String message) {
        return new AccountError(502, "NOK:SMSGATEWAY", null, message);
    }
}
