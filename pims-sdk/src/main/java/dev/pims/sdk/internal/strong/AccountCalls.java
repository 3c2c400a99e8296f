package dev.pims.sdk.internal.strong;

import dev.pims.sdk.internal.account.AccountClient;
import dev.pims.sdk.internal.account.Sessions;
import dev.pims.sdk.internal.error.SdkException;
import java.util.Map;

/** Account-API calls made with the current session (refreshed once after a 401). */
final class AccountCalls {

    private final Sessions sessions;
    private final AccountClient account;

    AccountCalls(Sessions sessions, AccountClient account) {
        this.sessions = sessions;
        this.account = account;
    }

    Map<String, Object> call(String method, String path, Map<String, Object> body, Map<String, String> names)
            throws SdkException {
        return sessions.with(account, s -> account.call(method, path, s, body, names));
    }
}
