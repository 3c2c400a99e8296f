package dev.pims.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pims.server.account.AccountRepository;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.db.DataAccessException;
import dev.pims.server.db.Database;
import dev.pims.server.testing.TestDevice;
import dev.pims.server.testing.TestServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device protocol locks a device and its account with ONE statement ({@link DeviceRepository#lockWithAccount}):
 * checked on both stores that the join really row-locks both rows (another transaction cannot lock either) and
 * not the integration row (every request of an integration would queue on it otherwise).
 */
class LockJoinTest {
    @TempDir
    Path dir;

    @Test
    void theJoinLocksTheDeviceAndTheAccountAndNotTheIntegration() throws Exception {
        try (TestServer s = new TestServer(dir)) {
            s.createUser("locked");
            TestDevice d = new TestDevice(s, "default");
            assertThat(d.activate(s.activationCode("locked", "default"), "1111")).isEqualTo("OK");
            String id = s.user("locked").get("devices").get(0).get("id").asText();
            SecretBox box = new SecretBox(MasterKey.parse(TestServer.MASTER_KEY), new SecureRandom());
            AccountRepository accounts = new AccountRepository(box);
            DeviceRepository devices = new DeviceRepository(box, accounts);
            Database db = s.server().database();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<LockedDevice> holder = CompletableFuture.supplyAsync(() -> db.inTransaction(sql -> {
                LockedDevice l = devices.lockWithAccount(sql, id).orElseThrow();
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return l;
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            try {
                assertThatThrownBy(() -> db.inTransaction(sql -> sql.count(
                        "SELECT COUNT(*) FROM (SELECT login FROM accounts WHERE login = ? FOR UPDATE NOWAIT) x", "locked")))
                        .as("the account row is locked").isInstanceOf(DataAccessException.class);
                assertThatThrownBy(() -> db.inTransaction(sql -> sql.count(
                        "SELECT COUNT(*) FROM (SELECT id FROM devices WHERE id = ? FOR UPDATE NOWAIT) x", id)))
                        .as("the device row is locked").isInstanceOf(DataAccessException.class);
                long free = db.inTransaction(sql -> sql.count(
                        "SELECT COUNT(*) FROM (SELECT macid FROM integrations WHERE macid = ? FOR UPDATE NOWAIT) x",
                        "default"));
                assertThat(free).as("the integration row is free").isEqualTo(1L);
            } finally {
                release.countDown();
            }
            LockedDevice l = holder.get(30, TimeUnit.SECONDS);
            assertThat(l.device().id()).isEqualTo(id);
            assertThat(l.account().login()).isEqualTo("locked");
            assertThat(l.challenge()).isPresent();
        }
    }
}
