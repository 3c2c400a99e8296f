package dev.pims.server.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.server.db.DataAccessException;
import dev.pims.server.db.Database;
import dev.pims.server.db.Sql;
import dev.pims.server.limits.AbuseLimits;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Integrations: creation (each with its factory key, generated once), the default one at first start, policy
 * and limit changes, and the look-up every request does.
 *
 * <p>The look-up is a node cache (docs/architecture.md, "Caches"): an integration read from the database is used
 * for at most {@code ttl} (1 s by default) on this node, then read again inside the next request's own
 * transaction. A change made on this node is seen at once (the entry is dropped); a change made on another node
 * within {@code ttl}. That is the price of not reading the integration and its limits on every request (one
 * statement of the three or four an OTP step needs); a policy is an administrator's setting, not a secret, and a
 * second of a stale policy lets through nothing a second earlier would not have. Unknown macids are remembered
 * too (bounded), so naming random integrations costs no statement either.
 */
public final class IntegrationService {
    private final Database db;
    private final IntegrationRepository repo;
    private final Clock clock;
    private final SecureRandom rnd;
    private final Cache<String, Optional<Integration>> cache;

    public IntegrationService(Database db, IntegrationRepository repo, Clock clock, SecureRandom rnd, Duration ttl) {
        this.db = db;
        this.repo = repo;
        this.clock = clock;
        this.rnd = rnd;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ttl).executor(Runnable::run).build();
    }

    public sealed interface CreateResult {
        record Created(Integration integration) implements CreateResult { }
        record AlreadyExists() implements CreateResult { }
    }

    public CreateResult create(String macid, Policy policy) {
        // key generation outside the transaction: it can take a second for large keys
        RsaKeyPair kfact = RsaKeyPair.generate(policy.rsaBits(), rnd);
        Integration integration = new Integration(macid, policy, AbuseLimits.defaults(), kfact.privateKey(),
                clock.millis());
        try {
            return db.inTransaction(sql -> {
                if (repo.find(sql, macid).isPresent()) {
                    return new CreateResult.AlreadyExists();
                }
                repo.insert(sql, integration);
                return new CreateResult.Created(integration);
            });
        } catch (DataAccessException e) {
            if (e.isUniqueViolation()) {
                return new CreateResult.AlreadyExists(); // another node inserted it first: its key is the one
            }
            throw e;
        } finally {
            cache.invalidate(macid);
        }
    }

    /**
     * Creates the default integration at first start. Several nodes starting together on an empty database
     * may each generate a factory key; the primary key lets exactly one insert win and the others keep
     * nothing of theirs.
     */
    public void ensureDefault() {
        boolean exists = db.inTransaction(sql -> repo.find(sql, Integration.DEFAULT_MACID).isPresent());
        if (!exists) {
            create(Integration.DEFAULT_MACID, Policy.defaults());
        }
    }

    /** The integration, from this node's cache or read with {@code sql} (the caller's transaction). */
    public Optional<Integration> find(Sql sql, String macid) throws SQLException {
        if (macid == null) {
            return Optional.empty();
        }
        Optional<Integration> cached = cache.getIfPresent(macid);
        if (cached != null) {
            return cached;
        }
        Optional<Integration> read = repo.find(sql, macid);
        cache.put(macid, read);
        return read;
    }

    /** The integration, from the cache or read in a transaction of its own (admin and account API). */
    public Optional<Integration> find(String macid) {
        Optional<Integration> cached = macid == null ? Optional.empty() : cache.getIfPresent(macid);
        return cached != null ? cached : db.inTransaction(sql -> find(sql, macid));
    }

    public List<Integration> all() {
        return db.inTransaction(repo::all);
    }

    public boolean updatePolicy(String macid, Policy policy) {
        try {
            return db.inTransaction(sql -> repo.updatePolicy(sql, macid, policy)) == 1;
        } finally {
            cache.invalidate(macid);
        }
    }

    /** Replaces the policy and the limits of an existing integration, in one transaction. */
    public boolean update(String macid, Policy policy, AbuseLimits limits) {
        try {
            return db.inTransaction(sql -> {
                if (repo.updatePolicy(sql, macid, policy) != 1) {
                    return false;
                }
                repo.saveLimits(sql, macid, limits);
                return true;
            });
        } finally {
            cache.invalidate(macid);
        }
    }

}
