package dev.pims.server.tools;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.crypto.MasterKey;
import dev.pims.server.crypto.SecretBox;
import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.integration.IntegrationRepository;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.db.Database;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Not a test: seeds a store with enrolled users for the heap measurement of docs/performance.md, through the
 * server's own repositories (secrets sealed under the given master key, as the server would store them). Runs
 * only when {@code -Dpims.seed.data=DIR} (embedded store under DIR) or {@code -Dpims.seed.url=JDBC_URL} is given,
 * with {@code -Dpims.seed.master-key=HEX64} and {@code -Dpims.seed.count=N} (default 100000): one account with a
 * PIN and one ACTIVE device each, on the default integration. Example:
 * {@code ./mvnw -pl pims-server -am test -Dtest=SeedDevicesTool -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpims.seed.data=/tmp/seed -Dpims.seed.master-key=...}.
 */
class SeedDevicesTool {
    @Test
    void seed() {
        String data = System.getProperty("pims.seed.data");
        String url = System.getProperty("pims.seed.url");
        Assumptions.assumeTrue(data != null || url != null, "seeding tool: -Dpims.seed.data or -Dpims.seed.url not given");
        int count = Integer.getInteger("pims.seed.count", 100_000);
        SecureRandom rnd = new SecureRandom();
        SecretBox box = new SecretBox(MasterKey.parse(System.getProperty("pims.seed.master-key")), rnd);
        AccountRepository accounts = new AccountRepository(box);
        DeviceRepository devices = new DeviceRepository(box, accounts);
        HexFormat hex = HexFormat.of();
        String jdbc = url != null ? url : Database.embeddedUrl(Path.of(data));
        long started = System.nanoTime();
        try (Database db = Database.open(jdbc, null, null)) {
            new IntegrationService(db, new IntegrationRepository(new StoredRsaKeys(box)), Clock.systemUTC(), rnd,
                    java.time.Duration.ofSeconds(1))
                    .ensureDefault();
            for (int batch = 0; batch < count; batch += 1000) {
                int from = batch;
                int to = Math.min(count, batch + 1000);
                db.inTransaction(sql -> {
                    long now = System.currentTimeMillis();
                    for (int i = from; i < to; i++) {
                        String login = "seed-" + i;
                        accounts.insert(sql, new Account(login, Optional.empty(), Optional.empty(),
                                Optional.of(String.format("%04d", i % 10_000)), 0, AccountState.NOT_BLOCKED, 1, now));
                        String id = hex.formatHex(bytes(rnd, 16));
                        devices.insert(sql, new Device(id, login, "default", "seeded", DeviceState.ACTIVE,
                                hex.formatHex(bytes(rnd, 8)), hex.formatHex(bytes(rnd, 8)) + "/_/" + hex.formatHex(bytes(rnd, 16)),
                                hex.formatHex(bytes(rnd, 16)), hex.formatHex(bytes(rnd, 16)), hex.formatHex(bytes(rnd, 16)),
                                "", hex.formatHex(bytes(rnd, 16)), hex.formatHex(bytes(rnd, 8)), null, now, null));
                    }
                    return null;
                });
            }
        }
        System.out.printf("seeded %d accounts with one active device each in %.1f s%n", count,
                (System.nanoTime() - started) / 1e9);
    }

    private static byte[] bytes(SecureRandom rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
