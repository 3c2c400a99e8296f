package dev.pims.server.keys;

import dev.pims.server.crypto.Keyring;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.Database;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The HMAC key of the {@code *_hash} columns (activation and SMS codes, issued OTPs, OAuth tokens). It does not
 * rotate with the master key: a store keeps the key its first master key derived, sealed in {@code secret_keys}
 * under the current master key (re-sealed by a rotation like any other secret). So no stored hash changes and no
 * look-up ever needs two attempts. The hashed values are either short-lived (codes, OTPs: minutes to hours) or
 * 256-bit random (tokens), so a look-up key that outlives a master key gives little to whoever holds an old one.
 */
public final class LookupKey {
    static final String NAME = "lookup";

    private LookupKey() {
    }

    static String purpose(String name) {
        return "key." + name;
    }

    /**
     * Reads the look-up key, storing the derived one at the first start of a store that has none. Throws
     * {@link IllegalStateException} with one line when no key of {@code ring} opens it (the master key given is
     * not the store's).
     */
    public static byte[] load(Database db, Keyring ring, SecureRandom rnd) {
        MasterKey current = ring.current().master();
        SecretBox box = new SecretBox(ring, SecretBox.derivedLookupKey(current), rnd);
        Optional<String> stored = db.inTransaction(sql -> sql.one("SELECT value_enc FROM secret_keys WHERE name = ?",
                rs -> rs.getString(1), NAME));
        if (stored.isEmpty()) {
            // first start of this version on an existing store: the key must be the store's before its
            // derived look-up key is written down (a wrong key would otherwise be remembered)
            Optional<String[]> any = db.inTransaction(sql -> sql.one("SELECT macid, kfact_private_enc FROM integrations"
                    + " ORDER BY macid LIMIT 1", rs -> new String[] {rs.getString(1), rs.getString(2)}));
            if (any.isPresent()) {
                try {
                    box.open("integration.kfact:" + any.get()[0], any.get()[1]);
                } catch (IllegalStateException e) {
                    throw wrongKey(ring, SecretBox.keyIdOf(any.get()[1]));
                }
            }
            byte[] derived = SecretBox.derivedLookupKey(current);
            db.inTransaction(sql -> sql.update("INSERT INTO secret_keys (name, value_enc) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING", NAME, box.seal(purpose(NAME), derived)));
            stored = db.inTransaction(sql -> sql.one("SELECT value_enc FROM secret_keys WHERE name = ?",
                    rs -> rs.getString(1), NAME));
        }
        try {
            return box.open(purpose(NAME), stored.orElseThrow());
        } catch (IllegalStateException e) {
            throw wrongKey(ring, SecretBox.keyIdOf(stored.get()));
        }
    }

    private static IllegalStateException wrongKey(Keyring ring, Optional<String> sealedBy) {
        return new IllegalStateException("the master key (id " + ring.current().id() + ") does not open the"
                + " secrets of this database (sealed under key " + sealedBy.orElse("of an earlier version")
                + "): give the server that key (PIMS_MASTER_KEY or DATA/master.key)");
    }
}
