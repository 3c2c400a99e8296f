package dev.pims.server.integration;

import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.server.db.DataAccessException;
import dev.pims.server.db.Database;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Creates integrations (each with its factory key, generated once) and the default one at first start. */
public final class IntegrationService {
    private final Database db;
    private final IntegrationRepository repo;
    private final Clock clock;
    private final SecureRandom rnd;

    public IntegrationService(Database db, IntegrationRepository repo, Clock clock, SecureRandom rnd) {
        this.db = db;
        this.repo = repo;
        this.clock = clock;
        this.rnd = rnd;
    }

    public sealed interface CreateResult {
        record Created(Integration integration) implements CreateResult { }
        record AlreadyExists() implements CreateResult { }
    }

    public CreateResult create(String macid, Policy policy) {
        // key generation outside the transaction: it can take a second for large keys
        RsaKeyPair kfact = RsaKeyPair.generate(policy.rsaBits(), rnd);
        Integration integration = new Integration(macid, policy, kfact.privateKey(), clock.millis());
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
        }
    }

    /**
     * Creates the default integration at first start. Several nodes starting together on an empty database
     * may each generate a factory key; the primary key lets exactly one insert win and the others keep
     * nothing of theirs (every node reads Kfact from the database on each request, none caches it).
     */
    public void ensureDefault() {
        boolean exists = db.inTransaction(sql -> repo.find(sql, Integration.DEFAULT_MACID).isPresent());
        if (!exists) {
            create(Integration.DEFAULT_MACID, Policy.defaults());
        }
    }

    public Optional<Integration> find(String macid) {
        return db.inTransaction(sql -> repo.find(sql, macid));
    }

    public List<Integration> all() {
        return db.inTransaction(repo::all);
    }

    public boolean updatePolicy(String macid, Policy policy) {
        return db.inTransaction(sql -> repo.updatePolicy(sql, macid, policy)) == 1;
    }
}
