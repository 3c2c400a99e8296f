package dev.pims.server.startup;

import dev.pims.server.startup.StartupFailure.Reason;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory holds the embedded database, {@code master.key} and {@code admin-token}: it is created with
 * mode 0700 (an existing one is tightened to 0700 when it holds nothing but the server's files, otherwise a
 * warning says to do it), and the server's files in it are set to 0600, so that no other local user can read a
 * key or copy the database. Only the server's own files are touched (a data directory pointed by mistake at a
 * directory of other files keeps their modes). H2 creates its files with the process umask; {@link
 * #restrictFiles} runs again once the database is open. On a file system without POSIX permissions nothing is
 * changed.
 */
public final class DataDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /** Creates the directory (0700) or tightens an existing one; fails with one line when that is impossible. */
    public static void prepare(Path dir) {
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new StartupFailure(Reason.DATA_DIRECTORY, "the data directory " + dir.toAbsolutePath()
                        + " is a file: give another path with --data (pims.data)");
            }
            if (!Files.exists(dir)) {
                if (posix()) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
                    Files.setPosixFilePermissions(dir, DIR); // the umask may have removed nothing, but be exact
                } else {
                    Files.createDirectories(dir);
                }
            } else if (posix() && !Files.getPosixFilePermissions(dir).equals(DIR)) {
                if (onlyServerFiles(dir)) {
                    Files.setPosixFilePermissions(dir, DIR);
                    LOG.info("data directory {}: permissions set to 0700", dir.toAbsolutePath());
                } else {
                    LOG.warn("data directory {} is open to other users and holds other files than the server's:"
                            + " give the server a directory of its own, or chmod 700 it", dir.toAbsolutePath());
                }
            }
            if (!Files.isWritable(dir)) {
                throw new StartupFailure(Reason.DATA_DIRECTORY, "the data directory " + dir.toAbsolutePath()
                        + " is not writable by this user: fix its owner or give another path with --data (pims.data)");
            }
        } catch (IOException e) {
            throw new StartupFailure(Reason.DATA_DIRECTORY, "cannot create or use the data directory "
                    + dir.toAbsolutePath() + " (" + e.getClass().getSimpleName() + "): check its parent's permissions"
                    + " or give another path with --data (pims.data)", e);
        }
    }

    /** Sets every regular file directly in {@code dir} to 0600. */
    public static void restrictFiles(Path dir) {
        if (!posix() || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (isServerFile(f) && Files.isRegularFile(f) && !Files.isSymbolicLink(f)
                        && !Files.getPosixFilePermissions(f).equals(FILE)) {
                    Files.setPosixFilePermissions(f, FILE);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot restrict the permissions of the files in {}: {}", dir.toAbsolutePath(),
                    e.getClass().getSimpleName());
        }
    }

    /** H2's files of the embedded database ({@code pims.mv.db}, {@code pims.trace.db}, ...), the key, the token. */
    static boolean isServerFile(Path f) {
        String n = f.getFileName().toString();
        return n.startsWith("pims.") || n.equals("master.key") || n.equals("admin-token");
    }

    private static boolean onlyServerFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.allMatch(DataDirectory::isServerFile);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
