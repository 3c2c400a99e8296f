package dev.pims.server.housekeeping;

import dev.pims.server.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A cluster-wide job taken by one node at a time: a row of {@code housekeeping_lease}. A node takes it when the
 * lease of the previous holder has run out (or is its own), under the row lock; {@code FOR UPDATE SKIP LOCKED}
 * makes a node that finds another node in the middle of taking it give up at once instead of waiting. Works the
 * same on H2 and PostgreSQL (no advisory-lock function needed), and a holder that dies (kill -9) only delays the
 * next run until its lease expires.
 */
public final class ClusterLease {
    private final Database db;
    private final String name;
    private final String holder;
    private final Clock clock;
    private final Duration ttl;

    public ClusterLease(Database db, String name, String holder, Clock clock, Duration ttl) {
        this.db = db;
        this.name = name;
        this.holder = holder;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Takes (or extends) the lease; false while another node holds it. */
    public boolean tryAcquire() {
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<Current> row = sql.one("SELECT holder, expires_at FROM housekeeping_lease WHERE name = ?"
                    + " FOR UPDATE SKIP LOCKED", rs -> new Current(rs.getString(1), rs.getLong(2)), name);
            if (row.isEmpty()) {
                return false; // another node is taking it right now
            }
            if (!holder.equals(row.get().holder()) && row.get().expiresAt() > now) {
                return false;
            }
            sql.update("UPDATE housekeeping_lease SET holder = ?, expires_at = ? WHERE name = ?", holder,
                    now + ttl.toMillis(), name);
            return true;
        });
    }

    /** Gives the lease back early (the next node need not wait for it to expire). */
    public void release() {
        db.inTransaction(sql -> sql.update("UPDATE housekeeping_lease SET holder = NULL, expires_at = 0"
                + " WHERE name = ? AND holder = ?", name, holder));
    }

    private record Current(String holder, long expiresAt) { }
}
