package dev.pims.server.keys;

import dev.pims.server.crypto.Keyring;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link Keyring} in step with a rotation started on any node: once a second (and at once when
 * a value sealed under an unknown key id turns up) it reads {@code master_keys}, opens the keys sealed under a
 * key it holds, and makes the rotation's new key current. When the table is empty again (the rotation finished),
 * the keys other than the current one are forgotten. Reading is off the request path (its own virtual thread),
 * except for the rare value sealed a moment ago under a key this node has not fetched yet.
 */
public final class KeyringSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyringSync.class);
    static final String NEXT = "next";
    static final String PREVIOUS = "previous";
    private final Database db;
    private final SecretBox box;
    private final ScheduledExecutorService scheduler;

    record Row(String keyId, String sealedBy, String keyEnc, String role) { }

    public KeyringSync(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
        attach(box);
        sync();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("pims-keyring").factory());
        scheduler.scheduleWithFixedDelay(this::syncQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** Lets {@code other} (same key ring) fetch a key it meets in a value but does not hold yet. */
    public void attach(SecretBox other) {
        other.onUnknownKey(this::fetch);
    }

    static String purpose(String keyId) {
        return "key.master:" + keyId;
    }

    private Optional<Keyring.Entry> fetch(String id) {
        sync();
        return box.keyring().find(id);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.warn("key ring refresh failed: {}", e.getMessage());
        }
    }

    /** One refresh (also called by the rotation right after it changed the table). */
    synchronized void sync() {
        List<Row> rows = db.inTransaction(sql -> sql.query("SELECT key_id, sealed_by, key_enc, role FROM master_keys",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))));
        Keyring ring = box.keyring();
        if (rows.isEmpty()) {
            for (Keyring.Entry e : ring.all()) {
                if (!e.id().equals(ring.current().id())) {
                    ring.remove(e.id());
                }
            }
            return;
        }
        boolean added = true;
        while (added) { // a key may be reachable only through another one
            added = false;
            for (Row r : rows) {
                if (ring.find(r.keyId()).isEmpty() && ring.find(r.sealedBy()).isPresent()) {
                    ring.add(MasterKey.of(box.open(purpose(r.keyId()), r.keyEnc())), false);
                    added = true;
                }
            }
        }
        rows.stream().filter(r -> r.role().equals(NEXT)).map(Row::keyId).findFirst()
                .flatMap(ring::find).filter(next -> !next.id().equals(ring.current().id()))
                .ifPresent(next -> ring.add(next.master(), true));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
