package dev.pims.server.mac;

import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.device.Challenge;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.PinErrors;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.KeyPool;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.crypto.StoredRsaKeys;
import dev.pims.server.db.Database;
import dev.pims.server.device.ChallengeRepository;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.metrics.ServerMetrics;
import dev.pims.server.otp.IssuedOtpRepository;
import java.time.Clock;

/** Everything the device-protocol handlers share. */
public record MacContext(Database db, Clock clock, RandomTokens random, KeyPool keyPool, StoredRsaKeys rsaKeys,
        IntegrationService integrations, AccountRepository accounts, PinErrors pinErrors,
        ActivationCodeRepository codes, DeviceRepository devices, ChallengeRepository challenges,
        IssuedOtpRepository otps, AuditLog audit, ServerMetrics metrics) {
}
