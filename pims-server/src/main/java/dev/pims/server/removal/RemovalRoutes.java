package dev.pims.server.removal;

import dev.pims.server.http.ApiException;
import dev.pims.server.http.Auth;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code DELETE /admin/v1/users/{login}}: removes an account and all it owns (204; 404 when unknown). For test and
 * load accounts (pims bench removes its users with it) and for an operator honouring an erasure request.
 */
public final class RemovalRoutes {
    private final Auth auth;
    private final UserRemoval removal;

    public RemovalRoutes(Auth auth, UserRemoval removal) {
        this.auth = auth;
        this.removal = removal;
    }

    public void register(RoutesConfig r) {
        r.delete("/admin/v1/users/{login}", auth.admin(this::remove));
    }

    private void remove(Context ctx) {
        String login = ctx.pathParam("login");
        if (login.isEmpty() || login.length() > 128) {
            throw ApiException.notFound("no such user");
        }
        if (!removal.remove(login)) {
            throw ApiException.notFound("no such user");
        }
        ctx.status(204);
    }
}
