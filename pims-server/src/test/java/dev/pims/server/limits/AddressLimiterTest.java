package dev.pims.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private AddressLimiter limiter(int perMinute, int prefix, long max) {
        return new AddressLimiter("test", perMinute, new AddressKey(prefix), max, now::get);
    }

    @Test
    void allowsTheBurstThenRefusesUntilATokenIsBack() {
        AddressLimiter l = limiter(60, 64, 1000);
        for (int i = 0; i < 60; i++) {
            assertThat(l.tryAcquire("192.0.2.1").allowed()).isTrue();
        }
        AddressLimiter.Decision refused = l.tryAcquire("192.0.2.1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(l.tryAcquire("192.0.2.2").allowed()).as("another address has its own bucket").isTrue();
        now.addAndGet(1_000_000_000L);
        assertThat(l.tryAcquire("192.0.2.1").allowed()).as("one token back after a second").isTrue();
        assertThat(l.tryAcquire("192.0.2.1").allowed()).isFalse();
    }

    @Test
    void refusedRequestsTakeNothingAndPeekTakesNothing() {
        AddressLimiter l = limiter(2, 64, 1000);
        assertThat(l.peek("192.0.2.1").allowed()).isTrue();
        assertThat(l.tryAcquire("192.0.2.1").allowed()).isTrue();
        assertThat(l.tryAcquire("192.0.2.1").allowed()).isTrue();
        for (int i = 0; i < 100; i++) {
            assertThat(l.tryAcquire("192.0.2.1").allowed()).isFalse();
        }
        assertThat(l.peek("192.0.2.1").retryAfterSeconds()).isEqualTo(30);
        now.addAndGet(30_000_000_000L);
        assertThat(l.tryAcquire("192.0.2.1").allowed()).as("100 refusals did not push the refill back").isTrue();
    }

    @Test
    void chargeCountsFailuresOnly() {
        AddressLimiter l = limiter(3, 64, 1000);
        for (int i = 0; i < 10; i++) {
            assertThat(l.peek("192.0.2.9").allowed()).isTrue();
        }
        l.charge("192.0.2.9");
        l.charge("192.0.2.9");
        l.charge("192.0.2.9");
        assertThat(l.peek("192.0.2.9").allowed()).isFalse();
    }

    @Test
    void ipv6IsCountedPerConfiguredPrefix() {
        AddressLimiter l = limiter(1, 64, 1000);
        assertThat(l.tryAcquire("2001:db8:1:2:aaaa::1").allowed()).isTrue();
        assertThat(l.tryAcquire("2001:db8:1:2:bbbb:cccc:dddd:eeee").allowed()).as("same /64").isFalse();
        assertThat(l.tryAcquire("2001:db8:1:3::1").allowed()).as("another /64").isTrue();
        AddressLimiter per56 = limiter(1, 56, 1000);
        assertThat(per56.tryAcquire("2001:db8:1:200::1").allowed()).isTrue();
        assertThat(per56.tryAcquire("2001:db8:1:2ff::1").allowed()).as("same /56").isFalse();
        assertThat(new AddressKey(64).of("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(new AddressKey(64).of("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfAddresses() {
        AddressLimiter l = limiter(10, 64, 500);
        for (int i = 0; i < 20_000; i++) {
            l.tryAcquire("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(l.size()).isLessThanOrEqualTo(500);
    }

    @Test
    void zeroDisablesTheLimit() {
        AddressLimiter l = limiter(0, 64, 10);
        for (int i = 0; i < 1000; i++) {
            assertThat(l.tryAcquire("192.0.2.1").allowed()).isTrue();
        }
        assertThat(l.size()).isZero();
    }
}
