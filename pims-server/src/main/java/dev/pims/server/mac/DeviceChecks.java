package dev.pims.server.mac;

import dev.pims.protocol.wire.WireError;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceState;
import dev.pims.server.device.LockedDevice;
import java.sql.SQLException;
import java.util.Optional;

/** The device and account checks shared by the ms and otp steps, in the order of mac-protocol.md 3.4. */
final class DeviceChecks {
    private final MacContext ctx;

    DeviceChecks(MacContext ctx) {
        this.ctx = ctx;
    }

    /** The device and its account, both row-locked for this transaction (one statement), or the wire error. */
    sealed interface Outcome {
        record Found(LockedDevice locked) implements Outcome { }
        /** {@code login} null: no such device (nothing is audited for it: an outsider's guess writes nothing). */
        record Refused(WireError error, String login) implements Outcome { }
    }

    Outcome lockUsable(Sql sql, String deviceId, String macid, Optional<String> sid) throws SQLException {
        Optional<LockedDevice> found = ctx.devices().lockWithAccount(sql, deviceId);
        if (found.isEmpty() || !found.get().device().macid().equals(macid)) {
            return new Outcome.Refused(WireError.NODEVICE, null);
        }
        Device device = found.get().device();
        if (device.state() == DeviceState.DISABLED || device.state() == DeviceState.REMOVED) {
            return new Outcome.Refused(WireError.NODEVICE, device.login());
        }
        if (sid.isPresent() && !sid.get().equals(device.serviceId())) {
            return new Outcome.Refused(WireError.NOSRV, device.login());
        }
        if (found.get().account().state().isBlocked() || found.get().account().pinLocked(ctx.clock().millis())) {
            return new Outcome.Refused(WireError.BLOCKED, device.login());
        }
        return new Outcome.Found(found.get());
    }
}
