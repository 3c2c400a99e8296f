package dev.pims.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.protocol.crypto.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The known-client token kept per username by both stores, and by a host store that does not override them. */
class KnownClientStoreTest {

    private static final String TOKEN = "kc1." + "0123456789abcdef".repeat(2) + "." + "ab".repeat(32);
    private static final String ODD = "al ice/../../etc\u0000\u00e9\u4e2d\n";

    @TempDir
    Path tmp;

    @Test
    void memoryStoreRoundTrip() throws IOException {
        MemoryDeviceStateStore store = new MemoryDeviceStateStore();
        assertThat(store.loadKnownClient("alice")).isEmpty();
        store.saveKnownClient("alice", TOKEN);
        store.saveKnownClient(ODD, "kc1.other");
        assertThat(store.loadKnownClient("alice")).contains(TOKEN);
        assertThat(store.loadKnownClient(ODD)).contains("kc1.other");
        assertThat(store.loadKnownClient("bob")).isEmpty();
        store.saveKnownClient("alice", "kc1.newer");
        assertThat(store.loadKnownClient("alice")).contains("kc1.newer");
        assertThatThrownBy(() -> store.saveKnownClient("alice", "x".repeat(257)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileStoreRoundTripAcrossInstances() throws IOException {
        Path dir = tmp.resolve("states");
        FileDeviceStateStore store = new FileDeviceStateStore(dir);
        assertThat(store.loadKnownClient("alice")).isEmpty();
        store.saveKnownClient("alice", TOKEN);
        store.saveKnownClient(ODD, "kc1.other");
        FileDeviceStateStore restarted = new FileDeviceStateStore(dir);
        assertThat(restarted.loadKnownClient("alice")).contains(TOKEN);
        assertThat(restarted.loadKnownClient(ODD)).contains("kc1.other");
        assertThat(restarted.loadKnownClient("Alice")).isEmpty();
        restarted.saveKnownClient("alice", "kc1.newer");
        assertThat(store.loadKnownClient("alice")).contains("kc1.newer");
        String longest = "k".repeat(256);
        store.saveKnownClient("bob", longest);
        assertThat(store.loadKnownClient("bob")).contains(longest);
    }

    @Test
    void fileIsNamedByTheHashOwnerOnlyAndHoldsTheTokenAlone() throws IOException {
        Path dir = tmp.resolve("states");
        FileDeviceStateStore store = new FileDeviceStateStore(dir);
        store.saveKnownClient(ODD, TOKEN);
        Path file = store.knownClientFileOf(ODD);
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(file.getFileName().toString()).matches("known-client-[0-9a-f]{64}\\.token")
                .isEqualTo("known-client-" + Sha256.hex(ODD) + ".token");
        assertThat(Files.readAllBytes(file)).isEqualTo(TOKEN.getBytes(StandardCharsets.US_ASCII));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        store.saveKnownClient(ODD, "kc1.newer");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }
    }

    @Test
    void aCorruptOrUnreadableFileIsNoToken() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp.resolve("states"));
        store.saveKnownClient("alice", TOKEN);
        Path file = store.knownClientFileOf("alice");
        for (byte[] bad : new byte[][] {new byte[0], "kc1.a\n".getBytes(StandardCharsets.US_ASCII),
                "k".repeat(257).getBytes(StandardCharsets.US_ASCII), {'k', (byte) 0xc3, (byte) 0xa9}, {0, 0, 0}}) {
            Files.write(file, bad);
            assertThat(store.loadKnownClient("alice")).as("%d bytes", bad.length).isEmpty();
        }
        Files.delete(file);
        Files.createDirectory(file);
        assertThat(store.loadKnownClient("alice")).isEmpty();
        Files.delete(file);
        store.saveKnownClient("alice", TOKEN);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        boolean root = Files.isReadable(file);
        assertThat(store.loadKnownClient("alice")).isEqualTo(root ? Optional.of(TOKEN) : Optional.empty());
    }

    @Test
    void aTokenThatIsNotOneIsRefusedAndNothingWritten() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp.resolve("states"));
        for (String bad : new String[] {null, "", "kc1 a", "kc1.\u00e9", "x".repeat(257)}) {
            assertThatThrownBy(() -> store.saveKnownClient("alice", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("kc1");
        }
        assertThat(store.knownClientFileOf("alice")).doesNotExist();
    }

    @Test
    void aHostStoreThatDoesNotOverrideThemKeepsNothing() throws IOException {
        DeviceStateStore host = new NoDeviceHostStore();
        host.saveKnownClient("alice", TOKEN);
        assertThat(host.loadKnownClient("alice")).isEmpty();
    }
}
