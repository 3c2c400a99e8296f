package dev.pims.sdk.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
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
        assertThat(file.getFileName().toString()).matches("device-[0-9a-f]{32}\\.state");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(2 * 4096);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertThat(b.getInt()).isEqualTo(0x50494D53); // "PIMS"
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getLong()).isEqualTo(1);
        String payload = FileDeviceStateStore.encode(key, state("aa"));
        assertThat(b.getInt()).isEqualTo(payload.length());
        assertThat(new String(bytes, 20, payload.length(), StandardCharsets.UTF_8)).isEqualTo(payload)
                .startsWith("{\"formatVersion\":1,\"macid\":\"demo\",\"login\":\"alice/../../etc\",\"state\":{");
        assertThat(Arrays.copyOfRange(bytes, 4096, 8192)).containsOnly(0);
    }

    @Test
    void savesAlternateBetweenTheTwoSlotsInPlace() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        store.save(key, state("s1"));
        Path file = store.fileOf(key);
        Object inode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        for (int i = 2; i <= 6; i++) {
            store.save(key, state("s" + i));
            byte[] bytes = Files.readAllBytes(file);
            assertThat(bytes).hasSize(8192);
            SlotFile.Slot newest = SlotFile.newest(bytes);
            assertThat(newest.index()).isEqualTo((i - 1) % 2);
            assertThat(newest.sequence()).isEqualTo(i);
            // the other slot still holds the previous state, intact
            SlotFile.Slot previous = slot(bytes, 1 - newest.index());
            assertThat(previous.sequence()).isEqualTo(i - 1);
            assertThat(FileDeviceStateStore.decode(new String(previous.payload(), StandardCharsets.UTF_8)).get("k1"))
                    .isEqualTo("s" + (i - 1));
            assertThat(store.load(key).get().get("k1")).isEqualTo("s" + i);
        }
        // overwritten in place: the same file, never renamed
        assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    }

    @Test
    void aTornWriteOfTheNewSlotLeavesThePreviousState() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        Path file = savedTwice(store, key); // "aa" in slot 0 (sequence 1), "bb" in slot 1 (sequence 2)
        // the next save writes slot 0 with sequence 3 (a state of real size: 2048-bit keys); the power fails
        // after its first sector
        byte[] next = SlotFile.slot(4096, 3, FileDeviceStateStore.encode(key, state("cc".repeat(600)))
                .getBytes(StandardCharsets.UTF_8));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(next, 0, 512), 0);
        }
        assertThat(store.load(key).get().get("k1")).isEqualTo("bb");
        // and the store goes on from there: the torn slot is the one written next
        store.save(key, state("dd"));
        byte[] bytes = Files.readAllBytes(file);
        assertThat(SlotFile.newest(bytes).index()).isZero();
        assertThat(SlotFile.newest(bytes).sequence()).isEqualTo(3);
        assertThat(store.load(key).get().get("k1")).isEqualTo("dd");
    }

    @Test
    void aCorruptedNewerSlotFallsBackToTheOlder() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        Path file = savedTwice(store, key);
        for (int offset : new int[] {4096 + 30, 4096 + 8, 4096 + 16, 4096}) { // payload, sequence, length, magic
            byte[] bytes = Files.readAllBytes(file);
            bytes[offset] ^= 1;
            Files.write(file, bytes);
            assertThat(store.load(key).get().get("k1")).isEqualTo("aa");
            bytes[offset] ^= 1;
            Files.write(file, bytes);
            assertThat(store.load(key).get().get("k1")).isEqualTo("bb");
        }
    }

    @Test
    void bothSlotsCorruptOrAWrongSizeAreErrorsNotEmptyStates() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        Path file = savedTwice(store, key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 1;
        bytes[4096 + 40] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class)
                .hasMessage("corrupt device state file");
        Files.write(file, Arrays.copyOf(bytes, 5000));
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
        Files.write(file, new byte[0]);
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
        // a new enrollment replaces an unreadable file
        store.save(key, state("cc"));
        assertThat(store.load(key).get().get("k1")).isEqualTo("cc");
    }

    @Test
    void aStateThatOutgrowsItsSlotsIsWrittenToANewFile() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        store.save(key, state("aa"));
        String big = "ab".repeat(5000);
        store.save(key, state(big));
        assertThat(store.load(key).get().get("k1")).isEqualTo(big);
        assertThat(Files.size(store.fileOf(key)) % 8192).isZero();
        assertThat(Files.size(store.fileOf(key))).isGreaterThan(8192);
        store.save(key, state("small"));
        assertThat(store.load(key).get().get("k1")).isEqualTo("small");
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).isEqualTo(1);
        }
    }

    @Test
    void aFileOfTheFormerFormatLoadsAndMigratesOnTheFirstSave() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        // exactly what the former store wrote: device-<fileId>.json, the JSON document alone
        Path legacy = tmp.resolve("device-" + key.fileId() + ".json");
        Files.write(legacy, ("{\"formatVersion\":1,\"macid\":\"demo\",\"login\":\"alice\",\"state\":{\"deviceId\":"
                + "\"0123456789abcdef\",\"id\":\"42\",\"k1\":\"old\",\"secval\":\"00ff\"}}").getBytes(StandardCharsets.UTF_8));
        assertThat(store.load(key)).contains(state("old"));
        assertThat(store.fileOf(key)).doesNotExist();
        store.save(key, state("new"));
        assertThat(legacy).doesNotExist();
        assertThat(store.load(key)).contains(state("new"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf(key)))).isEqualTo("rw-------");
        // a crash between the new file and the removal of the old one: the new file wins
        Files.write(legacy, FileDeviceStateStore.encode(key, state("old")).getBytes(StandardCharsets.UTF_8));
        assertThat(store.load(key)).contains(state("new"));
        store.delete(key);
        assertThat(legacy).doesNotExist();
        assertThat(store.load(key)).isEmpty();
    }

    @Test
    void corruptOrFutureFilesOfTheFormerFormatAreErrorsNotEmptyStates() throws IOException {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey key = new DeviceKey("demo", "alice");
        Path legacy = tmp.resolve("device-" + key.fileId() + ".json");
        Files.write(legacy, "{\"formatVersion\":1,\"state\":{\"k1\":".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
        Files.write(legacy, "{\"formatVersion\":2,\"state\":{}}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.load(key)).isInstanceOf(IOException.class);
    }

    @Test
    void concurrentSavesOfTwoDevices() throws Exception {
        FileDeviceStateStore store = new FileDeviceStateStore(tmp);
        DeviceKey alice = new DeviceKey("demo", "alice");
        DeviceKey bob = new DeviceKey("demo", "bob");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (DeviceKey key : List.of(alice, bob)) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        store.save(key, state(key.login() + i));
                        assertThat(store.load(key).get().get("k1")).isEqualTo(key.login() + i);
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
        assertThat(store.load(alice).get().get("k1")).isEqualTo("alice99");
        assertThat(store.load(bob).get().get("k1")).isEqualTo("bob99");
        assertThat(SlotFile.newest(Files.readAllBytes(store.fileOf(alice))).sequence()).isEqualTo(100);
        try (var files = Files.list(tmp)) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    /** Slot {@code index} alone (the other one zeroed), or null when it is not valid. */
    private static SlotFile.Slot slot(byte[] bytes, int index) {
        byte[] only = bytes.clone();
        int other = (1 - index) * (bytes.length / 2);
        Arrays.fill(only, other, other + bytes.length / 2, (byte) 0);
        return SlotFile.newest(only);
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

    /** Saves "aa" (slot 0, sequence 1) then "bb" (slot 1, sequence 2); the state file. */
    private static Path savedTwice(FileDeviceStateStore store, DeviceKey key) throws IOException {
        store.save(key, state("aa"));
        store.save(key, state("bb"));
        return store.fileOf(key);
    }
}
