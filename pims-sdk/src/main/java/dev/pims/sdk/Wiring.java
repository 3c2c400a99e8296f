package dev.pims.sdk;

import dev.pims.protocol.device.DeviceProtocol;
import dev.pims.sdk.internal.account.AccountClient;
import dev.pims.sdk.internal.account.Sessions;
import dev.pims.sdk.internal.basic.BasicAuthentication;
import dev.pims.sdk.internal.config.ConfigParser;
import dev.pims.sdk.internal.config.SdkConfig;
import dev.pims.sdk.internal.error.SdkError;
import dev.pims.sdk.internal.error.SdkException;
import dev.pims.sdk.internal.facade.Components;
import dev.pims.sdk.internal.facade.EventSink;
import dev.pims.sdk.internal.facade.Handler;
import dev.pims.sdk.internal.facade.Params;
import dev.pims.sdk.internal.facade.Route;
import dev.pims.sdk.store.DeviceStateStore;
import dev.pims.sdk.store.FileDeviceStateStore;
import dev.pims.sdk.store.MemoryDeviceStateStore;
import dev.pims.sdk.internal.strong.CheckedCodes;
import dev.pims.sdk.internal.strong.DeviceChannel;
import dev.pims.sdk.internal.strong.DeviceLocks;
import dev.pims.sdk.internal.strong.DeviceService;
import dev.pims.sdk.internal.strong.StrongAuthentication;
import dev.pims.sdk.transport.HttpTransport;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the handlers of every component for a configuration. Owns what must outlive a reconfiguration:
 * the session, the per-device locks, the in-memory store (device states and known-client tokens) and the checked
 * enrollment codes.
 */
final class Wiring implements Components {

    static final String ACCOUNT = "pims.authentication.account";

    private final HttpTransport transport;
    private final DeviceStateStore hostStore;
    private final DeviceStateStore memoryStore = new MemoryDeviceStateStore();
    private final Clock clock;
    private final SecureRandom random;
    private final String deviceName;
    private final boolean devicePost;
    private final String userAgent;
    private final Sessions sessions;
    private final DeviceLocks locks = new DeviceLocks();
    private final CheckedCodes checkedCodes = new CheckedCodes();

    Wiring(HttpTransport transport, DeviceStateStore hostStore, Clock clock, SecureRandom random, String deviceName,
           boolean devicePost, String userAgent) {
        this.transport = transport;
        this.hostStore = hostStore;
        this.clock = clock;
        this.random = random;
        this.deviceName = deviceName;
        this.devicePost = devicePost;
        this.userAgent = userAgent;
        this.sessions = new Sessions(clock);
    }

    @Override
    public Map<Route, Handler> routes(SdkConfig config, EventSink events) throws SdkException {
        DeviceStateStore store = store(config);
        AccountClient account = config.accountBaseUrl()
                .map(url -> new AccountClient(transport, url, config.macId(), config.clientId(), config.clientSecret(),
                        userAgent, clock, store))
                .orElse(null);
        DeviceService device = null;
        if (config.strongConfigured()) {
            device = new DeviceService(new DeviceProtocol(), new DeviceChannel(transport, config.inWeboUrl(),
                    devicePost, userAgent), store, locks, config.macId(), deviceName, random);
        }
        BasicAuthentication basic = new BasicAuthentication(sessions, account, events, checkedCodes::clear);
        StrongAuthentication strong = new StrongAuthentication(config, sessions, account, device, checkedCodes);
        Map<Route, Handler> routes = new HashMap<>();
        basic.register(routes);
        strong.register(routes);
        routes.put(Route.get(ACCOUNT), p -> account(p, basic, strong));
        return routes;
    }

    private static dev.pims.sdk.internal.facade.Outcome account(Params p, BasicAuthentication basic,
                                                       StrongAuthentication strong) throws SdkException {
        String actionType = p.requireOneOf("actionType", "basic", "strong");
        return actionType.equals("basic") ? basic.username(p) : strong.account(p);
    }

    private DeviceStateStore store(SdkConfig config) throws SdkException {
        if (hostStore != null) {
            return hostStore;
        }
        if (!config.storage().isPresent()) {
            return memoryStore;
        }
        try {
            return new FileDeviceStateStore(Paths.get(config.storage().get()));
        } catch (InvalidPathException e) {
            throw SdkError.invalid(ConfigParser.STORAGE_PATH).exception();
        }
    }

    @Override
    public void release() {
        sessions.clear();
        checkedCodes.clear();
    }
}
