package dev.pims.server.mac;

import dev.pims.server.device.Challenge;
import dev.pims.protocol.crypto.ConstantTime;
import dev.pims.protocol.otp.Otp;
import dev.pims.protocol.proof.K1Ratchet;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.server.account.Account;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Challenge;
import dev.pims.server.device.Device;
import dev.pims.server.device.LockedDevice;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import dev.pims.server.limits.AbuseLimits;
import java.sql.SQLException;
import java.util.Optional;

/**
 * OTP generation (mac-protocol.md 3.4, 3.5).
 *
 * <p>Design: a setup replaces the device's live challenge; a finalize consumes it whatever the outcome.
 * R1 is accepted against the current K1 or, for a client that lost the previous response, the previous
 * K1; the new K1 is ratcheted from whichever matched and that one is kept as "previous". A PIN-proving
 * R2 resets the PIN-error count; a PIN-less R2 does not (otherwise PIN-less OTPs would let someone reset
 * the counter between PIN guesses). The expected OTP is stored as a keyed hash, single use.
 */
final class OtpFlow {
    private static final String SETUP = "ActionSetup";
    private static final String FINALIZE = "ActionFinalize";
    private final MacContext ctx;
    private final DeviceChecks checks;

    OtpFlow(MacContext ctx, DeviceChecks checks) {
        this.ctx = ctx;
        this.checks = checks;
    }

    WireMessage setup(Params p) {
        String id = p.token("id", 64);
        String macid = p.token("macid", 128);
        String sid = p.token("sid", 64);
        Optional<String> version = p.optional("version");
        long now = ctx.clock().millis();
        return ctx.db().inTransaction(sql -> {
            Optional<Integration> integration = ctx.integrations().find(sql, macid);
            if (integration.isEmpty()) {
                return WireMessage.error(SETUP, WireError.NODEVICE);
            }
            Policy policy = integration.get().policy();
            DeviceChecks.Outcome outcome = checks.lockUsable(sql, id, macid, Optional.of(sid));
            if (outcome instanceof DeviceChecks.Outcome.Refused r) {
                return refuse(sql, SETUP, "otp.setup", r.login(), id, r.error());
            }
            LockedDevice locked = ((DeviceChecks.Outcome.Found) outcome).locked();
            Device d = locked.device();
            if (d.state() != DeviceState.ACTIVE) {
                return refuse(sql, SETUP, "otp.setup", d.login(), id, WireError.FORBIDDEN);
            }
            if (!ClientVersion.accepted(policy.minClientVersion(), version.orElse(null))) {
                return refuse(sql, SETUP, "otp.setup", d.login(), id, WireError.VERSION);
            }
            AbuseLimits limits = integration.get().limits();
            if (!locked.issuance().allows(now, limits.otpPerDevicePerMinute(), limits.otpPerDevicePerHour())) {
                ctx.metrics().limitExceeded("otp.device");
                return refuse(sql, SETUP, "otp.setup.limit", d.login(), id, WireError.FORBIDDEN);
            }
            ctx.devices().recordOtpIssuance(sql, id, locked.issuance().plusOne(now));
            String challenge = ctx.random().hex(16);
            long expires = now + policy.challengeLifetimeSeconds() * 1000L;
            ctx.challenges().replace(sql, new Challenge(id, Challenge.OTP, challenge, now, expires, null));
            return WireMessage.okBuilder(SETUP).add("challenge", challenge).build();
        });
    }

    WireMessage finalizeOtp(Params p) {
        String id = p.token("id", 64);
        String macid = p.token("macid", 128);
        String sid = p.token("sid", 64);
        Proofs given = new Proofs(p.proof("R0"), p.proof("R1"), p.proof("R2"));
        long now = ctx.clock().millis();
        return ctx.db().inTransaction(sql -> {
            Optional<Integration> integration = ctx.integrations().find(sql, macid);
            if (integration.isEmpty()) {
                return WireMessage.error(FINALIZE, WireError.NODEVICE);
            }
            DeviceChecks.Outcome outcome = checks.lockUsable(sql, id, macid, Optional.of(sid));
            if (outcome instanceof DeviceChecks.Outcome.Refused r) {
                return refuse(sql, FINALIZE, "otp.finalize", r.login(), id, r.error());
            }
            LockedDevice locked = ((DeviceChecks.Outcome.Found) outcome).locked();
            Device d = locked.device();
            if (d.state() != DeviceState.ACTIVE) {
                return refuse(sql, FINALIZE, "otp.finalize", d.login(), id, WireError.FORBIDDEN);
            }
            Optional<Challenge> ch = locked.challenge();
            if (ch.isEmpty() || !ch.get().purpose().equals(Challenge.OTP) || ch.get().usedAt() != null) {
                return refuse(sql, FINALIZE, "otp.finalize", d.login(), id, WireError.STATE);
            }
            // the device row is locked and the challenge was read with it: this UPDATE cannot lose a race
            if (!ctx.challenges().consume(sql, id, now)) {
                return refuse(sql, FINALIZE, "otp.finalize", d.login(), id, WireError.STATE);
            }
            if (now >= ch.get().expiresAt()) {
                return refuse(sql, FINALIZE, "otp.finalize", d.login(), id, WireError.TIMEOUT);
            }
            return prove(sql, integration.get(), d, locked.account(), ch.get().value(), given, now);
        });
    }

    private WireMessage prove(Sql sql, Integration integration, Device d, Account account, String c, Proofs given,
            long now) throws SQLException {
        Policy policy = integration.policy();
        if (!ConstantTime.equals(given.r0(), Proofs.r0(c, d.k0(), d.serial()))) {
            return refuse(sql, FINALIZE, "otp.finalize", d.login(), d.id(), WireError.ACCESS);
        }
        String base;
        if (ConstantTime.equals(given.r1(), Proofs.r1(c, d.k0(), d.k1()))) {
            base = d.k1();
        } else if (!d.k1Prev().isEmpty() && ConstantTime.equals(given.r1(), Proofs.r1(c, d.k0(), d.k1Prev()))) {
            base = d.k1Prev();
        } else {
            return refuse(sql, FINALIZE, "otp.finalize", d.login(), d.id(), WireError.ACCESS);
        }
        boolean pinVerified;
        String pin = account.pin().orElse("");
        if (!pin.isEmpty() && ConstantTime.equals(given.r2(), Proofs.r2WithPin(c, d.k0(), pin))) {
            pinVerified = true;
        } else if (ConstantTime.equals(given.r2(), Proofs.r2WithoutPin(c, d.k0()))) {
            if (!policy.pinlessAllowed()) {
                return refuse(sql, FINALIZE, "otp.finalize", d.login(), d.id(), WireError.ACCESS);
            }
            pinVerified = false;
        } else {
            boolean blocked = ctx.pinErrors().wrongPin(sql, account, policy.maxPinErrors(), integration.limits(), now);
            return refuse(sql, FINALIZE, "otp.finalize.pin", d.login(), d.id(),
                    blocked ? WireError.BLOCKED : WireError.ACCESS);
        }
        if (pinVerified) {
            ctx.pinErrors().reset(sql, account);
        }
        String dK1 = ctx.random().hex(16);
        String k1 = K1Ratchet.apply(base, dK1);
        ctx.devices().ratchet(sql, d.id(), k1, base, now);
        String defi = ctx.random().hex(16);
        String otp = Otp.derive(k1, defi, d.secval());
        ctx.otps().insert(sql, ctx.random().hex(16), d.login(), otp, d.id(), pinVerified, now,
                now + policy.otpLifetimeSeconds() * 1000L);
        ctx.audit().record(sql, d.login(), d.id(), "otp.finalize", pinVerified ? "OK:pin" : "OK:pinless");
        ctx.metrics().otpIssued(pinVerified);
        return WireMessage.okBuilder(FINALIZE).add("defi", defi).add("dK1", dK1).build();
    }

    private WireMessage refuse(Sql sql, String root, String event, String login, String deviceId, WireError error)
            throws SQLException {
        if (login != null) { // an unknown device: nothing is written for an outsider's guess
            ctx.audit().record(sql, login, deviceId, event, error.wire());
        }
        return WireMessage.error(root, error);
    }
}
