package dev.pims.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.protocol.crypto.Rsa;
import dev.pims.protocol.crypto.RsaKeyPair;
import dev.pims.server.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
    private final SecureRandom rnd = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aKeyServesAtMostMaxUsesActivations() {
        try (KeyPool pool = new KeyPool(2, 3, 60_000, clock, rnd, 512)) {
            KeyPool.Lease first = pool.take(512);
            assertThat(pool.take(512)).isSameAs(first);
            assertThat(pool.take(512)).isSameAs(first);
            KeyPool.Lease second = pool.take(512);
            assertThat(second).isNotSameAs(first);
            assertThat(second.publicKey()).isNotEqualTo(first.publicKey());
            Set<KeyPool.Lease> seen = new HashSet<>();
            for (int i = 0; i < 29; i++) {
                seen.add(pool.take(512));
            }
            // `second` serves 2 more, then 27 takes need exactly 9 keys of 3 uses each
            assertThat(seen).hasSize(10).contains(second);
        }
    }

    @Test
    void aKeyIsReplacedOnceItHasAged() {
        try (KeyPool pool = new KeyPool(2, 1000, 60_000, clock, rnd, 512)) {
            KeyPool.Lease first = pool.take(512);
            clock.advance(Duration.ofSeconds(59));
            assertThat(pool.take(512)).isSameAs(first);
            clock.advance(Duration.ofSeconds(1));
            assertThat(pool.take(512)).isNotSameAs(first);
        }
    }

    @Test
    void theEncodedModulusIsComputedOncePerKfactAndDecodesToTheModulus() {
        RsaKeyPair kfactA = RsaKeyPair.generate(1024, rnd);
        RsaKeyPair kfactB = RsaKeyPair.generate(1024, rnd);
        try (KeyPool pool = new KeyPool(2, 10, 60_000, clock, rnd, 1024)) {
            KeyPool.Lease lease = pool.take(1024);
            String underA = lease.encodedUnder(kfactA.privateKey(), rnd);
            assertThat(lease.encodedUnder(kfactA.privateKey(), rnd)).isSameAs(underA);
            String underB = lease.encodedUnder(kfactB.privateKey(), rnd);
            assertThat(underB).isNotEqualTo(underA);
            assertThat(Rsa.publicDecode(kfactA.publicKey(), underA)).hasValueSatisfying(
                    m -> assertThat(m).isEqualTo(KeyPool.modulusBytes(lease.publicKey())));
            assertThat(Rsa.publicDecode(kfactB.publicKey(), underB)).hasValueSatisfying(
                    m -> assertThat(m).isEqualTo(KeyPool.modulusBytes(lease.publicKey())));
        }
    }
}
