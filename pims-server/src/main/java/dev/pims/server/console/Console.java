package dev.pims.server.console;

import dev.pims.server.admin.UserAdminService;
import dev.pims.server.apikey.ApiKeyService;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.Database;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.limits.AbuseGuard;
import dev.pims.server.limits.PinLockout;
import dev.pims.server.sms.OutboxSmsSender;
import java.time.Clock;
import java.util.Optional;

/** Wires the console from the server's services (PimsServer calls {@link #routes} once). */
public final class Console {
    private Console() {
    }

    /** {@code outbox}: the development SMS outbox, empty when SMS go through a webhook (no outbox page then). */
    public static ConsoleRoutes routes(Database db, AbuseGuard guard, PinLockout pinLockout, AuditLog audit,
            RandomTokens random, Clock clock, String adminToken, UserAdminService users,
            IntegrationService integrations, ApiKeyService apiKeys, Optional<OutboxSmsSender> outbox) {
        ConsoleSessions sessions = new ConsoleSessions(db, guard.limiter(), audit, random, clock, adminToken,
                ConsoleSessions.DEFAULT_IDLE, ConsoleSessions.DEFAULT_ABSOLUTE);
        ConsoleGate gate = new ConsoleGate(sessions, new ConsoleRenderer(), outbox.isPresent());
        return new ConsoleRoutes(gate, new ConsoleAssets(), new Overview(db, new OverviewRepository(), clock),
                new UserPages(gate, users, integrations, pinLockout, guard, db, clock),
                new IntegrationPages(gate, integrations, guard), new ApiKeyPages(gate, apiKeys),
                new RecordPages(gate, audit, db, outbox), random, clock);
    }
}
