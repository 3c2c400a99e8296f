package dev.pims.server.admin;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.db.Database;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.OtpIssuance;
import dev.pims.server.sms.SmsDailyBudget;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The exact counters an administrator may see and clear for one account: the temporary PIN lock, the OTP
 * issuance counters of its devices and its SMS budget of the day. (PIN errors stay: reset-pin-errors or unblock.)
 * Per-address limits are in memory on each node and expire by themselves within a minute.
 */
public final class CounterAdminService {
    private final Database db;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final SmsDailyBudget sms;
    private final Clock clock;

    public CounterAdminService(Database db, AccountRepository accounts, DeviceRepository devices, SmsDailyBudget sms,
            Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.devices = devices;
        this.sms = sms;
        this.clock = clock;
    }

    /** {@code pinLockedUntil} 0: no lock now. */
    public record Counters(String login, long pinLockedUntil, Map<String, OtpIssuance> otpIssuance,
            Optional<SmsDailyBudget.Count> smsToday) { }

    /** The counters of {@code login} (cleared first when {@code clear}); empty for an unknown login. */
    public Optional<Counters> counters(String login, boolean clear) {
        long now = clock.millis();
        return db.inTransaction(sql -> {
            Optional<Account> a = clear ? accounts.lock(sql, login) : accounts.find(sql, login);
            if (a.isEmpty()) {
                return Optional.<Counters>empty();
            }
            long lockedUntil = a.get().pinLocked(now) ? a.get().pinLockedUntil() : 0;
            if (clear) {
                devices.clearOtpIssuance(sql, login);
                accounts.clearPinLock(sql, login);
                sms.clear(sql, login);
                lockedUntil = 0;
            }
            return Optional.of(new Counters(login, lockedUntil, devices.otpIssuance(sql, login), sms.find(sql, login)));
        });
    }
}
