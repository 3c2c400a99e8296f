package dev.pims.server.console;

import dev.pims.server.admin.UserAdminService;
import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.admin.CounterAdminService;
import dev.pims.server.limits.AddressKey;
import dev.pims.server.limits.AddressLimiter;
import dev.pims.server.limits.AddressLimits;
import dev.pims.server.sms.OutboxSmsSender;
import java.time.Clock;
import java.util.Optional;

/** Wires the console from the server's services (PimsServer calls {@link #routes} once). */
public final class Console {
    private Console() {
    }

    /**
     * {@code outbox}: the development SMS outbox, empty when SMS go through a webhook (no outbox page then);
     * {@code config}: the session lifetimes.
     */
    public static ConsoleRoutes routes(Database db, AddressLimits limits, CounterAdminService counters, AuditLog audit,
            RandomTokens random, Clock clock, String adminToken, UserAdminService users,
            IntegrationService integrations, ApiKeyService apiKeys, Optional<OutboxSmsSender> outbox,
            ConsoleConfig config) {
        // the failure budget runs on the server's clock (tests move it); a clock step back refills nothing
        AddressLimiter signInFailures = new AddressLimiter(ConsoleSessions.FAILURE_BUCKET, ConsoleSessions.MAX_FAILURES,
                java.time.Duration.ofMinutes(ConsoleSessions.FAILURE_WINDOW_MINUTES),
                new AddressKey(limits.ipv6PrefixBits()), limits.maxAddresses(), () -> clock.millis() * 1_000_000L);
        ConsoleSessions sessions = new ConsoleSessions(db, signInFailures, audit, random, clock, adminToken,
                config.sessionIdle(), config.sessionAbsolute());
        ConsoleGate gate = new ConsoleGate(sessions, new ConsoleRenderer(), outbox.isPresent());
        return new ConsoleRoutes(gate, new ConsoleAssets(), new Overview(db, new OverviewRepository(), clock),
                new UserPages(gate, users, integrations, counters, clock),
                new IntegrationPages(gate, integrations), new ApiKeyPages(gate, apiKeys, integrations),
                new RecordPages(gate, audit, db, outbox), random, clock);
    }
}
