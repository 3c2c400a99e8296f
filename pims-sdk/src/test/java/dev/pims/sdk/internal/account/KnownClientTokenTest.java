package dev.pims.sdk.internal.account;

import static dev.pims.sdk.Msg.await;
import static dev.pims.sdk.Msg.result;
import static dev.pims.sdk.TestParams.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pims.sdk.Pims;
import dev.pims.sdk.TestParams;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.store.MemoryDeviceStateStore;
import dev.pims.sdk.store.NoDeviceHostStore;
import dev.pims.sdk.transport.HttpOutcome;
import dev.pims.sdk.transport.HttpRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The known-client token goes through the configured store: read when memory has none, written when new. */
class KnownClientTokenTest {

    private static final String BASE = "http://acct.test";

    private final List<String> forms = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> answered = new AtomicReference<>("kc1.first");

    private HttpOutcome answer(HttpRequest r) {
        forms.add(new String(r.body(), StandardCharsets.UTF_8));
        return HttpOutcome.Response.of(200, "{\"access_token\":\"at1\",\"expires_in\":3600,\"refresh_token\":\"rt1\","
                + "\"known_client_token\":\"" + answered.get() + "\"}");
    }

    private void login(DeviceStateStore store, String username) {
        try (Pims pims = Pims.builder().transport(this::answer).deviceStateStore(store).build()) {
            result(await(pims.initializeAsync(TestParams.init(BASE))));
            result(await(pims.setAsync("pims.authentication.user", of("action", "login", "username", username,
                    "password", "pw"))));
        }
    }

    private String lastForm() {
        return forms.get(forms.size() - 1);
    }

    @Test
    void aNewInstanceSendsTheTokenItsStoreKept() throws IOException {
        CountingStore store = new CountingStore();
        login(store, "bob");
        assertThat(lastForm()).doesNotContain("known_client_token");
        assertThat(store.loadKnownClient("bob")).contains("kc1.first");
        assertThat(store.saves.get()).isEqualTo(1);

        login(store, "bob"); // the app restarted: a new Pims on the same store
        assertThat(lastForm()).contains("&known_client_token=kc1.first&");
        assertThat(store.saves.get()).as("the same token is not written again").isEqualTo(1);
        login(store, "alice");
        assertThat(lastForm()).doesNotContain("known_client_token");

        answered.set("kc1.second");
        login(store, "bob");
        assertThat(lastForm()).contains("&known_client_token=kc1.first&");
        assertThat(store.loadKnownClient("bob")).contains("kc1.second");
    }

    @Test
    void aStoreThatFailsNeverFailsTheLogin() {
        DeviceStateStore broken = new CountingStore() {
            @Override
            public Optional<String> loadKnownClient(String username) {
                throw new IllegalStateException("keystore locked");
            }

            @Override
            public void saveKnownClient(String username, String token) throws IOException {
                throw new IOException("disk full");
            }
        };
        login(broken, "bob");
        login(broken, "bob");
        assertThat(forms).hasSize(2).allSatisfy(f -> assertThat(f).doesNotContain("known_client_token"));
    }

    @Test
    void aTokenTooLongIsNeitherSentNorKept() {
        CountingStore store = new CountingStore();
        answered.set("k".repeat(257));
        login(store, "bob");
        login(store, "bob");
        assertThat(lastForm()).doesNotContain("known_client_token");
        assertThat(store.saves.get()).isZero();
    }

    /** A host store that keeps known-client tokens (in memory) and counts their saves. */
    private static class CountingStore extends NoDeviceHostStore {
        final MemoryDeviceStateStore tokens = new MemoryDeviceStateStore();
        final AtomicInteger saves = new AtomicInteger();

        @Override
        public Optional<String> loadKnownClient(String username) {
            return tokens.loadKnownClient(username);
        }

        @Override
        public void saveKnownClient(String username, String token) throws IOException {
            saves.incrementAndGet();
            tokens.saveKnownClient(username, token);
        }
    }
}
