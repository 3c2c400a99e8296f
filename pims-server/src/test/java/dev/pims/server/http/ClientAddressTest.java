package dev.pims.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress none = new ClientAddress(List.of());
    private final ClientAddress proxies = new ClientAddress(List.of("10.0.0.1", "172.16.0.0/12", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(none.resolve("192.0.2.7", "203.0.113.1")).isEqualTo("192.0.2.7");
        assertThat(none.resolve("192.0.2.7", null)).isEqualTo("192.0.2.7");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        assertThat(proxies.resolve("10.0.0.1", "203.0.113.1")).isEqualTo("203.0.113.1");
        // a client-supplied prefix is not believed: the hop the trusted proxy added wins
        assertThat(proxies.resolve("10.0.0.1", "1.1.1.1, 203.0.113.1")).isEqualTo("203.0.113.1");
        assertThat(proxies.resolve("10.0.0.1", "203.0.113.1, 172.20.3.4")).isEqualTo("203.0.113.1");
        assertThat(proxies.resolve("fd12::1", "2001:db8::5")).isEqualTo("2001:db8:0:0:0:0:0:5");
        // an untrusted peer's header is ignored
        assertThat(proxies.resolve("192.0.2.7", "203.0.113.1")).isEqualTo("192.0.2.7");
        // garbage in the header: stop at the last believable address
        assertThat(proxies.resolve("10.0.0.1", "evil.example, unknown")).isEqualTo("10.0.0.1");
        assertThat(proxies.resolve("10.0.0.1", "203.0.113.1, nonsense")).isEqualTo("10.0.0.1");
    }

    @Test
    void invalidProxyEntriesAreRefused() {
        assertThatThrownBy(() -> new ClientAddress(List.of("proxy.example.com"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
