package dev.pims.server.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.PimsServer;
import dev.pims.server.ServerConfig;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.startup.StartupFailure.Reason;
import dev.pims.server.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start refuses, with which reason, and what it makes of the data directory (embedded store). */
class StartupChecksTest {

    private static ServerConfig.Builder embedded(Path data) {
        return ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data).adminToken(TestServer.ADMIN_TOKEN)
                .keyPoolSize(1);
    }

    @Test
    void theDataDirectoryIs0700AndItsFiles0600(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (PimsServer s = PimsServer.start(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(data)
                .keyPoolSize(1).build())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(f ->
                        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
                                .isEqualTo("rw-------"));
            }
            assertThat(data.resolve("admin-token")).exists();
            assertThat(data.resolve(MasterKey.FILE)).exists();
        }
    }

    @Test
    void onlyTheServersOwnFilesAreTouched(@TempDir Path dir) throws Exception {
        Path shared = dir.resolve("shared");
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Files.writeString(shared.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        PimsServer.start(embedded(shared).build()).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve(MasterKey.FILE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared.resolve("pims.mv.db"))))
                .isEqualTo("rw-------");

        // an existing data directory of the server's files only is tightened
        Files.delete(script);
        PimsServer.start(embedded(shared).build()).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwx------");
    }

    @Test
    void aMissingMasterKeyBesideADatabaseStopsTheStartAndIsNotRegenerated(@TempDir Path dir) {
        Path data = dir.resolve("data");
        PimsServer.start(embedded(data).build()).close();
        Path key = data.resolve(MasterKey.FILE);
        assertThat(key).exists();
        key.toFile().delete();
        assertThatThrownBy(() -> PimsServer.start(embedded(data).build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.MASTER_KEY_MISSING))
                .hasMessageContaining("master.key is missing").hasMessageNotContaining("\n");
        assertThat(key).doesNotExist();
    }

    @Test
    void aWrongOrMalformedMasterKeyIsRefused(@TempDir Path dir) {
        Path data = dir.resolve("data");
        PimsServer.start(embedded(data).masterKey(TestServer.MASTER_KEY).build()).close();
        String other = "ff".repeat(32);
        assertThatThrownBy(() -> PimsServer.start(embedded(data).masterKey(other).build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.MASTER_KEY_WRONG))
                .hasMessageContaining("does not open the secrets").hasMessageNotContaining(other);
        assertThatThrownBy(() -> PimsServer.start(embedded(data).masterKey("not-a-key").build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.MASTER_KEY_WRONG))
                .hasMessageNotContaining("not-a-key");
    }

    @Test
    void aShortAdminTokenIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> PimsServer.start(embedded(dir).adminToken("x".repeat(31)).build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.ADMIN_TOKEN_WEAK))
                .hasMessageContaining("shorter than 32 bytes").hasMessageNotContaining("xxxx");
        assertThat(dir.resolve("pims.mv.db")).doesNotExist();
    }

    @Test
    void portInUseAndBadHostHaveTheirOwnReasons(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> PimsServer.start(embedded(dir.resolve("a")).port(taken.getLocalPort()).build()))
                    .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.PORT_IN_USE))
                    .hasMessageContaining("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use");
        }
        assertThatThrownBy(() -> PimsServer.start(embedded(dir.resolve("b")).host("no-such-host.invalid").build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HOST))
                .hasMessageContaining("--host");
        assertThatThrownBy(() -> PimsServer.start(embedded(dir.resolve("c")).host("192.0.2.1").build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HOST))
                .hasMessageContaining("not an address of this machine");
    }

    @Test
    void anUnreachableDatabaseHasItsOwnReason(@TempDir Path dir) {
        assertThatThrownBy(() -> PimsServer.start(embedded(dir).jdbcUrl("jdbc:postgresql://127.0.0.1:1/pims").build()))
                .isInstanceOfSatisfying(StartupFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.DATABASE_UNREACHABLE))
                .hasMessageContaining("cannot connect to the database jdbc:postgresql://127.0.0.1:1/pims");
    }
}
