package dev.pims.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys this node can open values with, and the one it seals with. Each key has an id: the first
 * 8 hex digits of HMAC-SHA256(key, "pims/key-id/v1"), public (it names the key, it does not reveal it), written in
 * front of every value sealed since key rotation exists. Thread-safe: the key rotation adds a key and makes it
 * current while requests seal and open.
 */
public final class Keyring {
    /** One master key: its id and the AES key derived from it (the master key itself is not kept). */
    public record Entry(String id, SecretKeySpec aes, MasterKey master) {
        @Override
        public String toString() {
            return "Keyring.Entry[" + id + "]";
        }
    }

    private record State(Entry current, Map<String, Entry> all) { }

    private volatile State state;

    public Keyring(MasterKey current) {
        Entry e = entry(current);
        this.state = new State(e, Map.of(e.id(), e));
    }

    public static String idOf(MasterKey key) {
        return HexFormat.of().formatHex(hmac(key.bytes(), "pims/key-id/v1")).substring(0, 8);
    }

    static Entry entry(MasterKey key) {
        return new Entry(idOf(key), new SecretKeySpec(hmac(key.bytes(), "pims/at-rest/v1"), "AES"), key);
    }

    public Entry current() {
        return state.current();
    }

    public Optional<Entry> find(String id) {
        return Optional.ofNullable(state.all().get(id));
    }

    /** Every key, the current one first (to open values sealed before key ids existed). */
    public List<Entry> all() {
        State s = state;
        List<Entry> out = new ArrayList<>();
        out.add(s.current());
        s.all().values().stream().filter(e -> !e.id().equals(s.current().id())).forEach(out::add);
        return out;
    }

    /** Adds a key that can open values; {@code makeCurrent}: new values are sealed with it from now on. */
    public synchronized Entry add(MasterKey key, boolean makeCurrent) {
        Entry e = entry(key);
        Map<String, Entry> all = new LinkedHashMap<>(state.all());
        all.putIfAbsent(e.id(), e);
        state = new State(makeCurrent ? all.get(e.id()) : state.current(), Map.copyOf(all));
        return all.get(e.id());
    }

    /** Forgets a key that is no longer the current one (nothing uses it any more). */
    public synchronized void remove(String id) {
        if (state.current().id().equals(id)) {
            throw new IllegalArgumentException("the current key cannot be removed");
        }
        Map<String, Entry> all = new LinkedHashMap<>(state.all());
        all.remove(id);
        state = new State(state.current(), Map.copyOf(all));
    }

    static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }
}
