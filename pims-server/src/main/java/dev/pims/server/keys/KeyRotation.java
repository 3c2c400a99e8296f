package dev.pims.server.keys;

import dev.pims.server.crypto.Keyring;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import dev.pims.server.housekeeping.ClusterLease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Master key rotation while the server serves (docs/operations.md, "Master key rotation").
 * <ol>
 *   <li>{@link #start}: the new key is sealed under the current one and the current one under the new one in
 *   {@code master_keys}; every node picks the new key up within a second ({@link KeyringSync}) and seals with
 *   it; when this node's key lives in {@code DATA/master.key}, that file gets the new key and the old one moves
 *   to {@code master.key.previous} first.</li>
 *   <li>One node at a time (lease {@code key-rotation}) re-seals every {@link SealedColumn} in batches of
 *   {@code batch} rows, each batch one transaction; a row is written only if it still holds the value read
 *   (compare and set), so a request that changed it meanwhile wins and the row is simply seen again.</li>
 *   <li>When a full pass finds no value under another key, {@code master_keys} is emptied, the nodes forget the
 *   old key and {@code master.key.previous} is deleted.</li>
 * </ol>
 * A crash anywhere leaves every value readable (each row holds one whole value, under the old or the new key) and
 * the rows of {@code master_keys} in place: the next start resumes the re-seal.
 */
public final class KeyRotation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);
    /** How long a node that died in the middle keeps the others from taking over (renewed at every batch). */
    static final Duration LEASE = Duration.ofSeconds(15);
    private final Database db;
    private final SecretBox box;
    private final KeyringSync sync;
    private final Clock clock;
    private final Optional<Path> keyFileDir;
    private final int batch;
    private final ClusterLease lease;
    private final AtomicLong resealed = new AtomicLong();
    private volatile Thread worker;
    private volatile boolean closed;

    /** What {@link #start} did. */
    public sealed interface Outcome {
        record Started(String keyId) implements Outcome { }
        /** The key given is already the current key. */
        record AlreadyCurrent(String keyId) implements Outcome { }
        /** Another rotation, to another key, has not finished. */
        record Busy(String keyId) implements Outcome { }
    }

    /** Values per key id (the empty id: sealed before key ids existed), and whether a rotation is under way. */
    public record Status(String current, Map<String, Long> values, boolean rotating, long resealedHere) { }

    /**
     * @param keyFileDir the data directory when this node's master key is {@code DATA/master.key}; empty when it
     *        came from the configuration (the operator then puts the new key there before the next start)
     */
    public KeyRotation(Database db, SecretBox box, KeyringSync sync, Clock clock, Optional<Path> keyFileDir,
            int batch) {
        this.db = db;
        this.box = box;
        this.sync = sync;
        this.clock = clock;
        this.keyFileDir = keyFileDir;
        this.batch = batch;
        this.lease = new ClusterLease(db, "key-rotation", UUID.randomUUID().toString(), clock, LEASE);
    }

    /** At start: a rotation that a crash or a restart interrupted goes on. */
    public void resumeIfPending() {
        if (pending()) {
            launch();
        }
    }

    public synchronized Outcome start(MasterKey next) {
        Keyring ring = box.keyring();
        Keyring.Entry current = ring.current();
        String nextId = Keyring.idOf(next);
        if (nextId.equals(current.id())) {
            return new Outcome.AlreadyCurrent(nextId);
        }
        Optional<String> running = db.inTransaction(sql -> sql.one("SELECT key_id FROM master_keys WHERE role = ?",
                rs -> rs.getString(1), KeyringSync.NEXT));
        if (running.isPresent() && !running.get().equals(nextId)) {
            return new Outcome.Busy(running.get());
        }
        Keyring.Entry nextEntry = ring.add(next, false);
        long now = clock.millis();
        db.inTransaction(sql -> {
            sql.update("INSERT INTO master_keys (key_id, sealed_by, key_enc, role, created_at) VALUES (?,?,?,?,?)"
                    + " ON CONFLICT DO NOTHING", nextId, current.id(),
                    box.sealMasterKey(current, KeyringSync.purpose(nextId), next), KeyringSync.NEXT, now);
            sql.update("INSERT INTO master_keys (key_id, sealed_by, key_enc, role, created_at) VALUES (?,?,?,?,?)"
                    + " ON CONFLICT DO NOTHING", current.id(), nextId,
                    box.sealMasterKey(nextEntry, KeyringSync.purpose(current.id()), current.master()),
                    KeyringSync.PREVIOUS, now);
            return null;
        });
        keyFileDir.ifPresent(dir -> MasterKey.writeRotated(dir, current.master(), next));
        sync.sync();
        LOG.info("master key rotation started: key {} replaces key {}", nextId, current.id());
        launch();
        return new Outcome.Started(nextId);
    }

    public Status status() {
        Map<String, Long> values = new LinkedHashMap<>();
        db.inTransaction(sql -> {
            for (SealedColumn c : SealedColumn.ALL) {
                sql.query("SELECT CASE WHEN " + c.column() + " LIKE '$%' THEN SUBSTRING(" + c.column() + ", 2, 8)"
                        + " ELSE '' END, COUNT(*) FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL"
                        + " GROUP BY 1", rs -> values.merge(rs.getString(1), rs.getLong(2), Long::sum));
            }
            return null;
        });
        return new Status(box.keyring().current().id(), values, pending(), resealed.get());
    }

    private boolean pending() {
        return db.inTransaction(sql -> sql.count("SELECT COUNT(*) FROM master_keys")) > 0;
    }

    private synchronized void launch() {
        if (worker != null && worker.isAlive()) {
            return;
        }
        worker = Thread.ofVirtual().name("pims-key-rotation").start(this::work);
    }

    private void work() {
        while (!closed && pending()) {
            if (!lease.tryAcquire()) {
                pause(Duration.ofSeconds(2)); // another node re-seals; this one watches for the end
                continue;
            }
            try {
                sync.sync();
                if (resealPass() == 0) {
                    // a node that has not seen the new key yet may still seal a value under the old one: look
                    // once more after every node has refreshed its ring (once a second)
                    pause(Duration.ofSeconds(2));
                    if (!closed && resealPass() == 0) {
                        finish();
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("master key rotation: a pass failed ({}), trying again", e.getMessage());
                pause(Duration.ofSeconds(1));
            } finally {
                lease.release();
            }
        }
    }

    /** One pass over every sealed column; answers how many values under another key it found. */
    long resealPass() {
        String currentId = box.keyring().current().id();
        String mine = "$" + currentId + "$%";
        long found = 0;
        for (SealedColumn c : SealedColumn.ALL) {
            while (!closed) {
                List<String[]> rows = db.inTransaction(sql -> sql.query("SELECT " + c.key() + ", " + c.column()
                        + " FROM " + c.table() + " WHERE " + c.column() + " IS NOT NULL AND " + c.column()
                        + " NOT LIKE ? ORDER BY " + c.key() + " LIMIT " + batch,
                        rs -> new String[] {rs.getString(1), rs.getString(2)}, mine));
                if (rows.isEmpty()) {
                    break;
                }
                found += rows.size();
                int done = db.inTransaction(sql -> {
                    int n = 0;
                    for (String[] r : rows) {
                        String again = box.reseal(c.purpose().apply(r[0]), r[1]);
                        n += sql.update("UPDATE " + c.table() + " SET " + c.column() + " = ? WHERE " + c.key()
                                + " = ? AND " + c.column() + " = ?", again, r[0], r[1]);
                    }
                    return n;
                });
                resealed.addAndGet(done);
                lease.tryAcquire();
                if (!box.keyring().current().id().equals(currentId)) {
                    return found; // a newer rotation began meanwhile: start the pass again with its key
                }
            }
        }
        return found;
    }

    private void finish() {
        db.inTransaction(sql -> sql.update("DELETE FROM master_keys"));
        sync.sync();
        keyFileDir.ifPresent(MasterKey::forgetPrevious);
        LOG.info("master key rotation finished: every secret is sealed under key {}", box.keyring().current().id());
    }

    private void pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            while (!closed && System.nanoTime() - end < 0) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Stops after the current batch (its transaction commits or rolls back whole) and gives the lease back. */
    @Override
    public void close() {
        closed = true;
        Thread w = worker;
        if (w != null) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
