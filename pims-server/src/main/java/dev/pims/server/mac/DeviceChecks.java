package dev.pims.server.mac;

import dev.pims.protocol.wire.WireError;
import dev.pims.server.account.Account;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceState;
import java.sql.SQLException;
import java.util.Optional;

/** The device and account checks shared by the ms and otp steps, in the order of mac-protocol.md 3.4. */
final class DeviceChecks {
    private final MacContext ctx;

    DeviceChecks(MacContext ctx) {
        this.ctx = ctx;
    }

    /** A device row locked for this transaction with its locked account, or the wire error. */
    sealed interface Outcome {
        record Found(Device device, Account account) implements Outcome { }
        record Refused(WireError error, String login) implements Outcome { }
    }

    Outcome lockUsable(Sql sql, String deviceId, String macid, Optional<String> sid) throws SQLException {
        Optional<Device> found = ctx.devices().lock(sql, deviceId);
        if (found.isEmpty() || found.get().state() == DeviceState.DISABLED
                || found.get().state() == DeviceState.REMOVED || !found.get().macid().equals(macid)) {
            return new Outcome.Refused(WireError.NODEVICE, found.map(Device::login).orElse(null));
        }
        Device device = found.get();
        if (sid.isPresent() && !sid.get().equals(device.serviceId())) {
            return new Outcome.Refused(WireError.NOSRV, device.login());
        }
        Account account = ctx.accounts().lock(sql, device.login()).orElseThrow();
        if (account.state().isBlocked()
                || ctx.pinLockout().lockedUntil(sql, account, ctx.clock().millis()).isPresent()) {
            return new Outcome.Refused(WireError.BLOCKED, device.login());
        }
        return new Outcome.Found(device, account);
    }
}
