package dev.pims.sdk.store;

import dev.pims.sdk.internal.json.Json;
import dev.pims.sdk.internal.json.JsonException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One file per enrollment under a directory: {@code device-<DeviceKey.fileId()>.state}, mode 0600 (on POSIX file
 * systems; the directory is created 0700). The file holds two slots of equal size ({@link SlotFile}); a save
 * overwrites, in place, the slot that does not hold the newest state, with a higher sequence number, then forces
 * the file's data to disk once ({@code FileChannel.force(false)}). The file's size never changes after its
 * creation, so no metadata and no directory entry need flushing. On load the valid slot (magic, version,
 * SHA-256) with the higher sequence number wins: a write torn by a crash or a power loss damages only the slot it
 * was writing, and the other one holds the previous saved state.
 * <p>The file is created (first save, a state that outgrows its slots, an unreadable file) as a whole: a
 * temporary file forced to disk, renamed over the target, then the directory forced. A state file of the former
 * format, {@code device-<fileId>.json} (a JSON document, {@link #encode}), still loads; the first save writes the
 * new file, and deletes the old one only once the new one is durable.
 * <p>Beside them, the known-client token of each username ({@link #saveKnownClient}):
 * {@code known-client-<SHA-256(username) hex>.token}, mode 0600, the token alone, replaced as a whole.
 * <p>Saves, loads and deletes of one key are serialised within this instance; two instances (or processes) sharing
 * a directory must not write the same enrollment concurrently.
 */
public final class FileDeviceStateStore implements DeviceStateStore {

    private static final String PREFIX = "device-";
    private static final String SUFFIX = ".state";
    private static final String LEGACY_SUFFIX = ".json";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public FileDeviceStateStore(Path dir) {
        this.dir = dir;
    }

    /** The state file of {@code key} (which may not exist yet). */
    public Path fileOf(DeviceKey key) {
        return dir.resolve(PREFIX + key.fileId() + SUFFIX);
    }

    Path legacyFileOf(DeviceKey key) {
        return dir.resolve(PREFIX + key.fileId() + LEGACY_SUFFIX);
    }

    private Object lockOf(DeviceKey key) {
        return locks.computeIfAbsent(key.fileId(), k -> new Object());
    }

    @Override
    public Optional<StoredState> load(DeviceKey key) throws IOException {
        synchronized (lockOf(key)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(fileOf(key));
            } catch (NoSuchFileException e) {
                return loadLegacy(key);
            }
            SlotFile.Slot newest = SlotFile.newest(bytes);
            if (newest == null) {
                throw new IOException("corrupt device state file");
            }
            return Optional.of(decode(new String(newest.payload(), StandardCharsets.UTF_8)));
        }
    }

    private Optional<StoredState> loadLegacy(DeviceKey key) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(legacyFileOf(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public void save(DeviceKey key, StoredState state) throws IOException {
        byte[] payload = encode(key, state).getBytes(StandardCharsets.UTF_8);
        synchronized (lockOf(key)) {
            ensureDir();
            if (!overwriteInPlace(fileOf(key), payload)) {
                create(key, payload);
            }
        }
    }

    /**
     * The usual save: the slot not holding the newest state is overwritten, then the data forced once. False when
     * the file is missing, unreadable or too small for this payload (the caller then creates it anew).
     */
    private boolean overwriteInPlace(Path file, byte[] payload) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return false;
        }
        try (FileChannel c = ch) {
            long size = c.size();
            if (!SlotFile.validSize(size) || !SlotFile.fits(payload.length, (int) (size / 2))) {
                return false;
            }
            ByteBuffer whole = ByteBuffer.allocate((int) size);
            while (whole.hasRemaining()) {
                if (c.read(whole, whole.position()) < 0) {
                    return false;
                }
            }
            SlotFile.Slot newest = SlotFile.newest(whole.array());
            if (newest == null) {
                return false;
            }
            int slotSize = (int) (size / 2);
            int target = 1 - newest.index();
            ByteBuffer slot = ByteBuffer.wrap(SlotFile.slot(slotSize, newest.sequence() + 1, payload));
            long offset = (long) target * slotSize;
            while (slot.hasRemaining()) {
                c.write(slot, offset + slot.position());
            }
            c.force(false);
            return true;
        }
    }

    /**
     * Writes the whole file (the state in slot 0, slot 1 empty) as a new file ({@link #writeWhole}); then removes a
     * state file of the former format.
     */
    private void create(DeviceKey key, byte[] payload) throws IOException {
        writeWhole(fileOf(key), key.fileId(), SlotFile.newFile(payload));
        Files.deleteIfExists(legacyFileOf(key));
    }

    /**
     * Replaces {@code target} by a file holding {@code bytes}, mode 0600: a temporary file written and forced,
     * renamed over the target, then the directory forced. A reader sees the old file or the new one, never a mix.
     */
    private void writeWhole(Path target, String tag, byte[] bytes) throws IOException {
        Path tmp = dir.resolve(".tmp-" + tag + "-" + Long.toHexString(random.nextLong()));
        try {
            Files.createFile(tmp, ownerOnly(false));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes a rename durable: on POSIX file systems a rename reaches the disk with its directory. A platform
     * that cannot open a directory as a channel (Windows) keeps the file system's own guarantee.
     */
    private void forceDirectory() throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (FileChannel c = ch) {
            c.force(true);
        }
    }

    @Override
    public void delete(DeviceKey key) throws IOException {
        synchronized (lockOf(key)) {
            Files.deleteIfExists(fileOf(key));
            Files.deleteIfExists(legacyFileOf(key));
        }
    }

    /** The known-client token file of {@code username} ({@code known-client-<64 hex>.token}; may not exist yet). */
    Path knownClientFileOf(String username) {
        return dir.resolve(KnownClientFile.name(Objects.requireNonNull(username, "username")));
    }

    /**
     * The token in {@code username}'s known-client file; empty when there is none, or when the file cannot be read
     * or does not hold a token (1 to 256 printable ASCII characters): never an error.
     */
    @Override
    public Optional<String> loadKnownClient(String username) {
        return KnownClientFile.read(knownClientFileOf(username));
    }

    /**
     * Replaces {@code username}'s known-client file, mode 0600, atomically and durably (as a state file is
     * created: temporary file forced, renamed, directory forced). The file holds the token alone, ASCII.
     */
    @Override
    public void saveKnownClient(String username, String token) throws IOException {
        byte[] bytes = KnownClientFile.checked(token).getBytes(StandardCharsets.US_ASCII);
        Path file = knownClientFileOf(username);
        ensureDir();
        writeWhole(file, file.getFileName().toString(), bytes);
    }

    private void ensureDir() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, ownerOnly(true));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)};
    }

    /** The JSON document of a state (a slot's payload; the whole file in the former format). */
    static String encode(DeviceKey key, StoredState state) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("formatVersion", state.formatVersion());
        doc.put("macid", key.macId());
        doc.put("login", key.login());
        doc.put("state", new LinkedHashMap<String, Object>(state.fields()));
        return Json.write(doc);
    }

    static StoredState decode(String text) throws IOException {
        try {
            Map<String, Object> doc = Json.parseObject(text);
            Object version = doc.get("formatVersion");
            Object state = doc.get("state");
            if (!(version instanceof Long) || ((Long) version) != StoredState.CURRENT_FORMAT || !(state instanceof Map)) {
                throw new IOException("unsupported device state format");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) state).entrySet()) {
                if (e.getValue() instanceof String) {
                    fields.put(String.valueOf(e.getKey()), (String) e.getValue());
                }
            }
            return new StoredState(StoredState.CURRENT_FORMAT, fields);
        } catch (JsonException e) {
            throw new IOException("corrupt device state file");
        }
    }

}
