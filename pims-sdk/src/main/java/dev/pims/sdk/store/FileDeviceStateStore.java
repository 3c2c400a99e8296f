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
import java.util.Optional;
import java.util.Set;

/**
 * One JSON file per enrollment under a directory: {@code device-<DeviceKey.fileId()>.json}, mode 0600 (on
 * POSIX file systems; the directory is created 0700). Format version 1:
 * <pre>{"formatVersion":1,"macid":"...","login":"...","state":{"deviceId":"...", ...}}</pre>
 * Writes go to a temporary file in the same directory, are forced to disk, then renamed over the
 * target (atomic move), so a crash leaves the old or the new file, never a torn one; the directory is then
 * forced too, so the rename itself survives a power loss (where the platform can open a directory).
 */
public final class FileDeviceStateStore implements DeviceStateStore {

    private static final String PREFIX = "device-";
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    public FileDeviceStateStore(Path dir) {
        this.dir = dir;
    }

    public Path fileOf(DeviceKey key) {
        return dir.resolve(PREFIX + key.fileId() + SUFFIX);
    }

    @Override
    public Optional<StoredState> load(DeviceKey key) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(fileOf(key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public void save(DeviceKey key, StoredState state) throws IOException {
        ensureDir();
        byte[] bytes = encode(key, state).getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve(".tmp-" + key.fileId() + "-" + Long.toHexString(random.nextLong()));
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
                Files.move(tmp, fileOf(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, fileOf(key), StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes the rename durable: on POSIX file systems a rename reaches the disk with its directory. A platform
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
        Files.deleteIfExists(fileOf(key));
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
