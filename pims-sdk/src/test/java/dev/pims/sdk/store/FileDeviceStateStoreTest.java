package dev.pims.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeviceStateStoreTest {

    @TempDir
    Path tmp;

    private static StoredState state(String k1) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("deviceId", "0123456789abcdef");
        f.put("id", "42");
        f.put("k1", k1);
        f.put("secval", "00ff");
        return StoredState.of(f);
    }

    @Test
    void savesLoadsAndDeletes() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp.resolve("states"));
        DeviceKey key = new DeviceKey("demo", "alice");
        assertThat(store.load(key)).isEmpty();
        store.save(key, state("aa"));
        assertThat(store.load(key)).contains(state("aa"));
        store.save(key, state("bb"));
        assertThat(store.load(key).get().get("k1")).isEqualTo("bb");
        assertThat(store.load(new DeviceKey("demo", "bob"))).isEmpty();
        store.delete(key);
        store.delete(key);
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void fileIsOwnerOnlyVersionedAndNoTempFileRemains() throws IOException {
        Path dir = tmp.resolve("states");
        FileDeviceStateStore store = new FileDeviceStateStore(dir);
        DeviceKey key = new DeviceKey("demo", "alice/../../etc");
        store.save(key, state("aa"));
        Path file = store.fileOf(key);
        assertThat(file.getParent()).isEqualTo(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"formatVersion\":1,\"macid\":\"demo\",\"login\":\"alice/../../etc\",\"state\":{");
    }

    @Test
    void corruptOrFutureFilesAreErrorsNotEmptyStates() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        Files.write(store.fileOf(key), "{\"formatVersion\":1,\"state\":{\"k1\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
        Files.write(store.fileOf(key), "{\"formatVersion\":2,\"state\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
    }

    @Test
    void concurrentWritersNeverTearTheFile() throws Exception {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        store.save(key, state("init"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        store.save(key, state("w" + id + "-" + i + "x".repeat(i * 10)));
                        StoredState read = store.load(key).get();
                        assertThat(read.get("k1")).matches("init|w[0-3]-[0-9]+x*");
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void toStringShowsNoValues() {
        assertThat(state("secretk1").toString()).doesNotContain("secretk1").contains("k1");
    }
}
