package dev.pims.server.db;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockOrderTest {
    @Test
    void locksFollowTheRankOrderAndAscendingKeys() {
        Sql sql = new Sql(null);
        sql.acquiring(LockRank.CODE, "c1");
        sql.acquiring(LockRank.DEVICE, "a");
        sql.acquiring(LockRank.DEVICE, "b");
        sql.acquiring(LockRank.DEVICE, "b");
        sql.acquiring(LockRank.ACCOUNT, "alice");
        assertDoesNotThrow(() -> sql.acquiring(LockRank.ACCOUNT, "alice"));
        assertThrows(IllegalStateException.class, () -> sql.acquiring(LockRank.DEVICE, "c"));
    }

    @Test
    void anAccountBeforeADeviceIsRefused() {
        Sql sql = new Sql(null);
        sql.acquiring(LockRank.ACCOUNT, "alice");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sql.acquiring(LockRank.DEVICE, "d1"));
        assertTrue(e.getMessage().contains("DEVICE requested after ACCOUNT"), e.getMessage());
    }

    @Test
    void devicesInDescendingOrderAreRefused() {
        Sql sql = new Sql(null);
        sql.acquiring(LockRank.DEVICE, "d2");
        assertThrows(IllegalStateException.class, () -> sql.acquiring(LockRank.DEVICE, "d1"));
    }

    @Test
    void onlyDeadlocksAndSerializationFailuresAreRetryable() {
        assertTrue(Database.isRetryable(new SQLException("x", "40001")));
        assertTrue(Database.isRetryable(new SQLException("x", "40P01")));
        assertTrue(Database.isRetryable(new RuntimeException(new SQLException("x", "40P01"))));
        assertFalse(Database.isRetryable(new SQLException("x", "23505")));
        assertFalse(Database.isRetryable(new SQLException("x", (String) null)));
    }

    @Test
    void aDeadlockVictimRunsAgainAndOtherFailuresDoNot(@TempDir java.nio.file.Path dir) {
        try (Database db = Database.open(Database.embeddedUrl(dir), null, null)) {
            AtomicInteger runs = new AtomicInteger();
            int answer = db.inTransaction(sql -> {
                if (runs.incrementAndGet() < 3) {
                    throw new SQLException("deadlock", "40P01");
                }
                return 42;
            });
            assertEquals(42, answer);
            assertEquals(3, runs.get());

            AtomicInteger always = new AtomicInteger();
            assertThrows(DataAccessException.class, () -> db.inTransaction(sql -> {
                always.incrementAndGet();
                throw new SQLException("deadlock", "40001");
            }));
            assertEquals(Database.ATTEMPTS, always.get());

            AtomicInteger once = new AtomicInteger();
            assertThrows(DataAccessException.class, () -> db.inTransaction(sql -> {
                once.incrementAndGet();
                throw new SQLException("unique", "23505");
            }));
            assertEquals(1, once.get());
        }
    }
}
