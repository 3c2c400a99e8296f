package dev.pims.server.mac;

import dev.pims.server.device.Challenge;
import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.server.account.Account;
import dev.pims.server.crypto.BlindedRsa;
import dev.pims.server.db.Sql;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.device.Device;
import dev.pims.server.device.LockedDevice;
import dev.pims.server.device.DeviceState;
import java.sql.SQLException;
import java.util.Optional;

/** Activation step 3 (mac-protocol.md 3.3): the client's secret S becomes secval; the device becomes active. */
final class MsFlow {
    private static final String ROOT = "ActionFinalize";
    private final MacContext ctx;
    private final DeviceChecks checks;

    MsFlow(MacContext ctx, DeviceChecks checks) {
        this.ctx = ctx;
        this.checks = checks;
    }

    static String msPurpose(String deviceId) {
        return "device.mskey:" + deviceId;
    }

    WireMessage handle(Params p) {
        String id = p.token("id", 64);
        String macid = p.token("macid", 128);
        String msN = p.required("ms_n");
        String msId = p.token("ms_id0", 64);
        String msVal = p.hex("ms_val0", -1);
        Proofs given = new Proofs(p.proof("R0"), p.proof("R1"), p.proof("R2"));
        long now = ctx.clock().millis();
        return ctx.db().inTransaction(sql -> {
            Optional<Integration> integration = ctx.integrations().find(sql, macid);
            if (integration.isEmpty()) {
                return WireMessage.error(ROOT, WireError.NODEVICE);
            }
            Policy policy = integration.get().policy();
            DeviceChecks.Outcome outcome = checks.lockUsable(sql, id, macid, Optional.empty());
            if (outcome instanceof DeviceChecks.Outcome.Refused r) {
                return refuse(sql, r.login(), id, r.error());
            }
            LockedDevice locked = ((DeviceChecks.Outcome.Found) outcome).locked();
            Device d = locked.device();
            String pin = locked.account().pin().orElse("");
            if (d.state() != DeviceState.AWAITING_SECRET || d.msPrivateSealed() == null) {
                return refuse(sql, d.login(), id, WireError.STATE);
            }
            Optional<Challenge> ch = locked.challenge();
            if (ch.isEmpty() || !ch.get().purpose().equals(Challenge.MS) || ch.get().usedAt() != null) {
                return refuse(sql, d.login(), id, WireError.STATE);
            }
            if (!ctx.challenges().consume(sql, id, now)) {
                return refuse(sql, d.login(), id, WireError.STATE);
            }
            if (now >= ch.get().expiresAt()) {
                return refuse(sql, d.login(), id, WireError.TIMEOUT);
            }
            String c = ch.get().value();
            Proofs expected = Proofs.withPin(c, d.k0(), d.serial(), d.k1(), pin);
            if (!given.matches(expected) || !"1".equals(msN) || !msId.equals(d.msId())) {
                return refuse(sql, d.login(), id, WireError.ACCESS);
            }
            RsaPrivateKey msKey = ctx.rsaKeys().open(msPurpose(id), d.msPrivateSealed());
            Optional<byte[]> s = BlindedRsa.decrypt(msKey, msVal);
            if (s.isEmpty() || s.get().length != 16) {
                return refuse(sql, d.login(), id, WireError.ACCESS);
            }
            // the limits are checked again here, under the account row lock held since lockUsable: pending
            // devices do not count, so parallel activations of one account are decided when they complete
            Account account = locked.account();
            if (account.activations() >= policy.maxActivations()) {
                return refuse(sql, d.login(), id, WireError.FORBIDDEN);
            }
            if (ctx.devices().countTowardsLimit(sql, d.login()) >= policy.maxDevices()) {
                return refuse(sql, d.login(), id, WireError.MAXNBTOOLS);
            }
            String secval = Hex.encode(Aes128.encrypt(Hex.decode(d.kmaHex()), s.get()));
            ctx.devices().activate(sql, id, secval);
            ctx.accounts().incrementActivations(sql, d.login());
            ctx.audit().record(sql, d.login(), id, "activate.ms", "OK");
            return WireMessage.okBuilder(ROOT).build();
        });
    }

    private WireMessage refuse(Sql sql, String login, String deviceId, WireError error) throws SQLException {
        if (login != null) { // an unknown device: nothing is written for an outsider's guess
            ctx.audit().record(sql, login, deviceId, "activate.ms", error.wire());
        }
        return WireMessage.error(ROOT, error);
    }
}
