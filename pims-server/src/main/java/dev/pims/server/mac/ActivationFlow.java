package dev.pims.server.mac;

import dev.pims.server.device.Challenge;
import dev.pims.protocol.codec.Hex;
import dev.pims.protocol.crypto.Aes128;
import dev.pims.protocol.crypto.ConstantTime;
import dev.pims.protocol.crypto.Kma;
import dev.pims.protocol.crypto.RsaPrivateKey;
import dev.pims.protocol.proof.Proofs;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.server.account.Account;
import dev.pims.server.activation.ActivationCode;
import dev.pims.server.crypto.BlindedRsa;
import dev.pims.server.crypto.KeyPool;
import dev.pims.server.db.Sql;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.Policy;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Activation steps 1 and 2 (mac-protocol.md 3.1, 3.2).
 *
 * <p>Wrong tries of an activation code: codes are looked up by value, so a value that matches no code
 * cannot be charged to any code (and is answered NOK:CODE). A try is charged to a live code when a
 * finalize presents it and then fails: Kma or pin not decryptable with the Kiw handed out at that code's
 * setup (which also covers a finalize whose code differs from the setup's), KMA not matching the PIN and
 * serial, wrong activation proofs, or a wrong PIN for an account that already has one. At
 * {@code codeMaxTries} such failures the code is dead (NOK:CODE from then on).
 */
final class ActivationFlow {
    private static final String SETUP = "ActionSetup";
    private static final String FINALIZE = "ActionFinalize";
    private final MacContext ctx;

    ActivationFlow(MacContext ctx) {
        this.ctx = ctx;
    }

    WireMessage setup(Params p) {
        String macid = p.token("macid", 128);
        String raw = p.required("code");
        long now = ctx.clock().millis();
        return ctx.db().inTransaction(sql -> {
            Optional<Integration> integration = ctx.integrations().find(sql, macid);
            if (integration.isEmpty()) {
                return WireMessage.error(SETUP, WireError.CODE);
            }
            Policy policy = integration.get().policy();
            String code = Params.digits("code", raw, policy.codeLength());
            Optional<ActivationCode> row = ctx.codes().lockByCode(sql, macid, code);
            if (row.isEmpty() || !row.get().isLive(now, policy.codeMaxTries())) {
                if (row.isPresent()) { // a code that matches nothing writes nothing
                    ctx.audit().record(sql, row.get().login(), null, "activate.setup", "NOK:CODE");
                }
                return WireMessage.error(SETUP, WireError.CODE);
            }
            KeyPool.Lease kiw = ctx.keyPool().take(policy.rsaBits());
            ctx.codes().setKiw(sql, row.get().id(), ctx.rsaKeys().seal(kiwPurpose(row.get().id()), kiw.privateKey()));
            Account account = ctx.accounts().find(sql, row.get().login()).orElseThrow();
            RsaPrivateKey kfact = integration.get().kfact();
            ctx.audit().record(sql, account.login(), null, "activate.setup", "OK");
            return WireMessage.okBuilder(SETUP)
                    .add("Kfact", kfact.publicKey().modulusHex())
                    .add("Kiw", kiw.encodedUnder(kfact, ctx.random().random()))
                    .add("pinmode", account.pin().isPresent() ? "1" : "2")
                    .build();
        });
    }

    WireMessage finalizeActivation(Params p) {
        String macid = p.token("macid", 128);
        String serial = p.serial();
        String kmaHex = p.hex("Kma", -1);
        String pinHex = p.hex("pin", -1);
        Proofs given = new Proofs(p.proof("R0"), p.proof("R1"), p.proof("R2"));
        String name = p.optional("name").map(n -> n.length() > 128 ? n.substring(0, 128) : n).orElse("device");
        String raw = p.required("code");
        long now = ctx.clock().millis();
        return ctx.db().inTransaction(sql -> {
            Optional<Integration> integration = ctx.integrations().find(sql, macid);
            if (integration.isEmpty()) {
                return WireMessage.error(FINALIZE, WireError.CODE);
            }
            Policy policy = integration.get().policy();
            String code = Params.digits("code", raw, policy.codeLength());
            // the activation key is taken before any row lock: a rotation may generate one inline
            KeyPool.Lease msKey = ctx.keyPool().take(policy.rsaBits());
            Optional<ActivationCode> row = ctx.codes().lockByCode(sql, macid, code);
            if (row.isEmpty() || !row.get().isLive(now, policy.codeMaxTries())) {
                if (row.isPresent()) { // a code that matches nothing writes nothing
                    ctx.audit().record(sql, row.get().login(), null, "activate.finalize", "NOK:CODE");
                }
                return WireMessage.error(FINALIZE, WireError.CODE);
            }
            ActivationCode c = row.get();
            if (c.kiwPrivateSealed() == null) {
                return fail(sql, c, WireError.STATE, false);
            }
            RsaPrivateKey kiw = ctx.rsaKeys().open(kiwPurpose(c.id()), c.kiwPrivateSealed());
            Optional<byte[]> kma = BlindedRsa.decrypt(kiw, kmaHex);
            Optional<String> pin = BlindedRsa.decrypt(kiw, pinHex).flatMap(ActivationFlow::utf8);
            if (kma.isEmpty() || pin.isEmpty() || kma.get().length != Kma.LENGTH) {
                return fail(sql, c, WireError.ACCESS, true);
            }
            boolean kmaOk = ConstantTime.equals(kma.get(), Kma.derive(pin.get(), serial));
            boolean proofsOk = given.matches(new Proofs(Proofs.r0("", "", serial), Proofs.r1("", "", ""),
                    Proofs.r2WithoutPin("", "")));
            if (!kmaOk || !proofsOk) {
                return fail(sql, c, WireError.ACCESS, true);
            }
            // hygiene, in lock order (code, devices, account): pending devices of this account whose ms step can
            // no longer happen (the client or a node died mid-activation) become REMOVED; they never counted
            int stale = ctx.devices().removeStalePending(sql, c.login(), now);
            if (stale > 0) {
                ctx.audit().record(sql, c.login(), null, "activate.pending.removed", "OK:" + stale);
            }
            Account account = ctx.accounts().lock(sql, c.login()).orElseThrow();
            if (account.state().isBlocked()) {
                return fail(sql, c, WireError.BLOCKED, false);
            }
            if (account.pin().isPresent()) {
                if (account.pinLocked(now)) {
                    return fail(sql, c, WireError.BLOCKED, false);
                }
                if (!ConstantTime.equals(account.pin().get(), pin.get())) {
                    boolean blocked = ctx.pinErrors().wrongPin(sql, account, policy.maxPinErrors(),
                            integration.get().limits(), now);
                    return fail(sql, c, blocked ? WireError.BLOCKED : WireError.ACCESS, true);
                }
            } else if (!policy.acceptsPin(pin.get())) {
                return fail(sql, c, WireError.PINREFUSED, false);
            }
            if (account.activations() >= policy.maxActivations()) {
                return fail(sql, c, WireError.FORBIDDEN, false);
            }
            if (ctx.devices().countTowardsLimit(sql, account.login()) >= policy.maxDevices()) {
                return fail(sql, c, WireError.MAXNBTOOLS, false);
            }
            if (!ctx.codes().consume(sql, c.id(), now)) {
                return WireMessage.error(FINALIZE, WireError.CODE);
            }
            if (account.pin().isEmpty()) {
                ctx.accounts().setPin(sql, account.login(), pin.get());
            } else {
                ctx.pinErrors().reset(sql, account);
            }
            return createDevice(sql, integration.get(), account, serial, kma.get(), name, msKey, now);
        });
    }

    private WireMessage createDevice(Sql sql, Integration integration, Account account, String serial, byte[] kma,
            String name, KeyPool.Lease msKey, long now) throws SQLException {
        byte[] k0 = ctx.random().bytes(16);
        byte[] k1 = ctx.random().bytes(16);
        String id = ctx.random().hex(16);
        String msId = ctx.random().hex(8);
        String serviceId = ctx.random().hex(8);
        String challenge = ctx.random().hex(16);
        Device device = new Device(id, account.login(), integration.macid(), name, DeviceState.AWAITING_SECRET,
                serviceId, serial, Hex.encode(kma), Hex.encode(k0), Hex.encode(k1), "", "", msId,
                ctx.rsaKeys().seal(MsFlow.msPurpose(id), msKey.privateKey()), now, null);
        ctx.devices().insert(sql, device);
        long lifetime = integration.policy().challengeLifetimeSeconds() * 1000L;
        ctx.challenges().replace(sql, new Challenge(id, Challenge.MS, challenge, now, now + lifetime, null));
        ctx.audit().record(sql, account.login(), id, "activate.finalize", "OK");
        return WireMessage.okBuilder(FINALIZE)
                .add("id", id)
                .add("K0", Hex.encode(Aes128.encrypt(kma, k0)))
                .add("K1", Hex.encode(Aes128.encrypt(kma, k1)))
                .add("ms_n", "1")
                .add("ms_id", msId)
                .add("ms_key", msKey.encodedUnder(integration.kfact(), ctx.random().random()))
                .add("challenge", challenge)
                .add("s_id", serviceId)
                .add("newversion", "")
                .add("newversionurl", "")
                .build();
    }

    private WireMessage fail(Sql sql, ActivationCode c, WireError error, boolean chargeTry) throws SQLException {
        if (chargeTry) {
            ctx.codes().countWrongTry(sql, c.id());
        }
        ctx.audit().record(sql, c.login(), null, "activate.finalize", error.wire());
        return WireMessage.error(FINALIZE, error);
    }

    static String kiwPurpose(String codeId) {
        return "activation.kiw:" + codeId;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
