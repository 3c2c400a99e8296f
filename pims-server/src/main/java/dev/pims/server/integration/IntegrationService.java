package dev.pims.server.integration;

import dev.pims.protocol.crypto.RsaKeyPair;
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
        return db.inTransaction(sql -> {
            if (repo.find(sql, macid).isPresent()) {
                return new CreateResult.AlreadyExists();
            }
            repo.insert(sql, integration);
            return new CreateResult.Created(integration);
        });
    }

    public void ensureDefault() {
        boolean exists = db.inTransaction(sql -> repo.find(sql, Integration.DEFAULT_MACID).isPresent());
        if (!exists) {
            try {
                create(Integration.DEFAULT_MACID, Policy.defaults());
            } catch (RuntimeException e) {
                // another node may have created it concurrently
                if (db.inTransaction(sql -> repo.find(sql, Integration.DEFAULT_MACID)).isEmpty()) {
                    throw e;
                }
            }
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
