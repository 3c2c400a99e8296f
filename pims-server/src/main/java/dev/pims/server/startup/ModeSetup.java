package dev.pims.server.startup;

import dev.pims.server.RunMode;
import dev.pims.server.crypto.Digests;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the run mode changes in the store, applied at every start. Development: the public OAuth client
 * {@code pims-dev} / {@code pims-dev-secret} exists (created when absent; a revoked one stays revoked).
 * Production: that client is removed and its tokens revoked, and the development SMS outbox (codes in clear) is
 * emptied, so that a database once used in development carries nothing of it into production. No migration
 * creates the client any more (V11 removes the one V2 inserted).
 */
public final class ModeSetup {
    private static final Logger LOG = LoggerFactory.getLogger(ModeSetup.class);
    public static final String DEV_CLIENT_ID = "pims-dev";
    public static final String DEV_CLIENT_SECRET = "pims-dev-secret";

    private ModeSetup() {
    }

    public static void apply(Database db, RunMode mode, Clock clock) {
        long now = clock.millis();
        if (mode == RunMode.DEVELOPMENT) {
            boolean created = db.inTransaction(sql -> {
                if (sql.count("SELECT COUNT(*) FROM oauth_clients WHERE client_id = ?", DEV_CLIENT_ID) > 0) {
                    return false;
                }
                sql.update("INSERT INTO oauth_clients (client_id, secret_hash, name, created_at, revoked_at)"
                        + " VALUES (?,?,?,?,?)", DEV_CLIENT_ID, Digests.sha256Hex(DEV_CLIENT_SECRET),
                        "development client", now, Sql.nullableLong(null));
                return true;
            });
            if (created) {
                LOG.info("development mode: OAuth client {} created", DEV_CLIENT_ID);
            }
            return;
        }
        int[] removed = db.inTransaction(sql -> new int[] {
            sql.update("UPDATE oauth_tokens SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL", now,
                    DEV_CLIENT_ID),
            sql.update("DELETE FROM oauth_clients WHERE client_id = ?", DEV_CLIENT_ID),
            sql.update("DELETE FROM sms_outbox")});
        if (removed[1] > 0) {
            LOG.warn("production mode: the development OAuth client {} was removed ({} tokens revoked)", DEV_CLIENT_ID,
                    removed[0]);
        }
        if (removed[2] > 0) {
            LOG.warn("production mode: {} development SMS outbox messages were deleted", removed[2]);
        }
    }
}
