package dev.pims.sdk.internal.strong;

import dev.pims.protocol.device.ActivationStep;
import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.protocol.device.DeviceState;
import dev.pims.protocol.device.MsRequest;
import dev.pims.protocol.device.OtpStep;
import dev.pims.protocol.device.ProtocolResult;
import dev.pims.protocol.wire.WireError;
import dev.pims.protocol.wire.WireMessage;
import dev.pims.sdk.internal.account.ErrorNames;
import dev.pims.sdk.error.PimsError;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.store.DeviceKey;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.store.StoredState;
import dev.pims.sdk.internal.transport.TransportErrors;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Drives {@link DeviceProtocol} over a {@link DeviceChannel}: activation (activate + ms) and OTP generation,
 * persisting the state after every successful Finalize, one operation per device at a time.
 */
public final class DeviceService {

    /** {@code J} may ask for at most this many extra setup+finalize rounds. */
    static final int MAX_EXTRA_ROUNDS = 2;

    private final DeviceProtocol protocol;
    private final DeviceChannel channel;
    private final DeviceStateStore store;
    private final DeviceLocks locks;
    private final String macId;
    private final String deviceName;
    private final SecureRandom random;

    public DeviceService(DeviceProtocol protocol, DeviceChannel channel, DeviceStateStore store, DeviceLocks locks,
                         String macId, String deviceName, SecureRandom random) {
        this.protocol = protocol;
        this.channel = channel;
        this.store = store;
        this.locks = locks;
        this.macId = macId;
        this.deviceName = deviceName;
        this.random = random;
    }

    public boolean isActivated(DeviceKey key) throws SdkException {
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            return load(key).map(DeviceState::isActivated).orElse(false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Activates a new device with the activation (SMS) code and the PIN. The ms step failing after a
     * successful activate gives 2316.
     */
    public void activate(DeviceKey key, String code, String pin) throws SdkException {
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            DeviceState fresh = DeviceState.fresh(random);
            WireMessage setup = channel.exchange(protocol.activateSetup(fresh, macId, code));
            DeviceState keyed = activationValue(protocol.applyActivateSetup(fresh, setup));
            WireMessage fin = channel.exchange(protocol.activateFinalize(keyed, macId, code, pin, deviceName, random));
            ActivationStep step = activationValue(protocol.applyActivateFinalize(keyed, fin, pin));
            save(key, step.state());
            if (step.msIds().isEmpty()) {
                throw SdkError.of(PimsError.INWEBO_SYNCHRO_FAILED).exception();
            }
            MsRequest ms = protocol.msFinalize(step, macId, pin, random);
            ProtocolResult<DeviceState> msResult;
            try {
                msResult = protocol.applyMs(ms.stateIfAccepted(), channel.exchange(ms.params()), pin);
            } catch (SdkException networkOrParse) {
                throw SdkError.of(PimsError.INWEBO_SYNCHRO_FAILED).exception();
            }
            if (!(msResult instanceof ProtocolResult.Ok)) {
                throw SdkError.of(PimsError.INWEBO_SYNCHRO_FAILED).exception();
            }
            save(key, ((ProtocolResult.Ok<DeviceState>) msResult).value());
        } finally {
            lock.unlock();
        }
    }

    /**
     * One OTP: setup + finalize (more rounds when the server sends {@code J}). {@code pin} null asks for a
     * PIN-less OTP. With {@code resetStep}, an enrollment the server no longer knows (2312, 2317) is dropped.
     */
    public String otp(DeviceKey key, String pin, boolean resetStep) throws SdkException {
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            Optional<DeviceState> loaded = load(key);
            if (!loaded.isPresent() || !loaded.get().isActivated()) {
                if (resetStep && loaded.isPresent()) {
                    delete(key);
                }
                throw SdkError.of(PimsError.INWEBO_DEVICE_UNKNOWN).exception();
            }
            DeviceState s = loaded.get();
            for (int round = 0; ; round++) {
                WireMessage setup = channel.exchange(protocol.otpSetup(s, macId));
                String challenge = otpValue(protocol.applyOtpSetup(setup), key, resetStep);
                WireMessage fin = channel.exchange(protocol.otpFinalize(s, macId, challenge, pin));
                OtpStep step = otpValue(protocol.applyOtpFinalize(s, fin, pin), key, resetStep);
                s = step.state();
                save(key, s);
                if (!step.runAgain()) {
                    return protocol.otp(s, step.defi());
                }
                if (round >= MAX_EXTRA_ROUNDS) {
                    throw SdkError.of(PimsError.INWEBO_STATE_NOT_CORRECT).exception();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the local enrollment. */
    public void forget(DeviceKey key) throws SdkException {
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            delete(key);
        } finally {
            lock.unlock();
        }
    }

    private <T> T activationValue(ProtocolResult<T> r) throws SdkException {
        if (r instanceof ProtocolResult.Ok) {
            return ((ProtocolResult.Ok<T>) r).value();
        }
        if (r instanceof ProtocolResult.Refused) {
            ProtocolResult.Refused<T> refused = (ProtocolResult.Refused<T>) r;
            String parameter = refused.error() == WireError.PINREFUSED ? "pinCode" : "smsCode";
            throw ErrorNames.of(refused.err(), parameter).exception();
        }
        throw TransportErrors.unparseable().exception();
    }

    private <T> T otpValue(ProtocolResult<T> r, DeviceKey key, boolean resetStep) throws SdkException {
        if (r instanceof ProtocolResult.Ok) {
            return ((ProtocolResult.Ok<T>) r).value();
        }
        if (r instanceof ProtocolResult.Refused) {
            ProtocolResult.Refused<T> refused = (ProtocolResult.Refused<T>) r;
            WireError e = refused.error();
            if (resetStep && e == WireError.NODEVICE) {
                delete(key);
            }
            throw ErrorNames.of(refused.err(), "pinCode").exception();
        }
        throw TransportErrors.unparseable().exception();
    }

    private Optional<DeviceState> load(DeviceKey key) throws SdkException {
        try {
            return store.load(key).map(StateMapping::fromStored);
        } catch (IOException e) {
            throw SdkError.of(PimsError.UNKNOWN).exception();
        }
    }

    /**
     * Persists the state after a successful Finalize. The server has then already moved on (a device created,
     * a K1 ratcheted), so a failed save is the reference's "the operation succeeded but it required a
     * post-synchronization which failed": 2316. The device stays usable: the server accepts the previous K1 once.
     */
    private void save(DeviceKey key, DeviceState s) throws SdkException {
        StoredState stored = StateMapping.toStored(s);
        try {
            store.save(key, stored);
        } catch (IOException | RuntimeException e) {
            throw SdkError.of(PimsError.INWEBO_SYNCHRO_FAILED).exception();
        }
    }

    private void delete(DeviceKey key) throws SdkException {
        try {
            store.delete(key);
        } catch (IOException e) {
            throw SdkError.of(PimsError.UNKNOWN).exception();
        }
    }
}
