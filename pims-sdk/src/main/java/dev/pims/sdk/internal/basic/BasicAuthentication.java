package dev.pims.sdk.internal.basic;

import dev.pims.sdk.internal.account.AccountClient;
import dev.pims.sdk.internal.account.Session;
import dev.pims.sdk.internal.account.Sessions;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.internal.facade.EventSink;
import dev.pims.sdk.internal.facade.Handler;
import dev.pims.sdk.internal.facade.Outcome;
import dev.pims.sdk.internal.facade.Params;
import dev.pims.sdk.internal.facade.Route;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * BasicAuthentication (pims-sdk.md section 3): login/logout against the account server's token endpoint,
 * the username and the tokens. Subscribing to {@code pims.authentication.user} gives one RESULT per login
 * and logout: {@code {event: login|logout, username}}.
 */
public final class BasicAuthentication {

    public static final String USER = "pims.authentication.user";
    public static final String TOKEN = "pims.authentication.token";

    private final Sessions sessions;
    private final AccountClient account;
    private final EventSink events;
    private final Runnable onLogout;

    /** {@code account} null: no account server URL is configured (login answers 2006). */
    public BasicAuthentication(Sessions sessions, AccountClient account, EventSink events, Runnable onLogout) {
        this.sessions = sessions;
        this.account = account;
        this.events = events;
        this.onLogout = onLogout;
    }

    public void register(Map<Route, Handler> routes) {
        routes.put(Route.set(USER), this::user);
        routes.put(Route.subscribe(USER), p -> Outcome.empty());
        routes.put(Route.get(TOKEN), this::token);
    }

    /** GET pims.authentication.account with actionType=basic. */
    public Outcome username(Params p) throws SdkException {
        p.requireOneOf("type", "username");
        return Outcome.of("username", sessions.requireLogin());
    }

    private Outcome user(Params p) throws SdkException {
        String action = p.requireOneOf("action", "login", "logout");
        if (action.equals("login")) {
            String username = p.requireString("username");
            String password = p.requireString("password");
            Session s = client().login(username, password);
            sessions.set(s);
            events.publish(USER, event("login", s.username()));
            return Outcome.empty();
        }
        Optional<Session> old = sessions.clear();
        onLogout.run();
        if (old.isPresent()) {
            if (account != null) {
                account.revoke(old.get().accessToken());
                if (old.get().refreshToken() != null) {
                    account.revoke(old.get().refreshToken());
                }
            }
            events.publish(USER, event("logout", old.get().username()));
        }
        return Outcome.empty();
    }

    private Outcome token(Params p) throws SdkException {
        String type = p.requireOneOf("type", "customerAt", "cvs", "idtoken");
        String action = p.oneOf("action", "get", "refresh").orElse("get");
        Session s = action.equals("refresh") ? sessions.refresh(client()) : sessions.require(client());
        String token = type.equals("idtoken") ? s.idToken() : s.accessToken();
        if (token == null) {
            throw SdkError.of(PimsError.IDTOKEN_NOT_VALID).exception();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("type", type);
        result.put("token", token);
        return new Outcome.Success(result);
    }

    private AccountClient client() throws SdkException {
        if (account == null) {
            throw SdkError.of(PimsError.CORE_NOT_WELL_CONFIGURED).exception();
        }
        return account;
    }

    private static Outcome event(String event, String username) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", event);
        m.put("username", username);
        return new Outcome.Success(m);
    }
}
