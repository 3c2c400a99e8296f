package dev.pims.server.admin;

import dev.pims.server.account.Account;
import dev.pims.server.account.AccountRepository;
import dev.pims.server.account.AccountState;
import dev.pims.server.activation.ActivationCode;
import dev.pims.server.activation.ActivationCodeRepository;
import dev.pims.server.audit.AuditLog;
import dev.pims.server.crypto.PasswordHasher;
import dev.pims.server.crypto.RandomTokens;
import dev.pims.server.db.DataAccessException;
import dev.pims.server.db.Database;
import dev.pims.server.device.Device;
import dev.pims.server.device.DeviceRepository;
import dev.pims.server.device.DeviceState;
import dev.pims.server.integration.Integration;
import dev.pims.server.integration.IntegrationService;
import dev.pims.server.device.ChallengeRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Administration of accounts, their activation codes and their devices. */
public final class UserAdminService {
    private final Database db;
    private final AccountRepository accounts;
    private final DeviceRepository devices;
    private final ActivationCodeRepository codes;
    private final ChallengeRepository challenges;
    private final IntegrationService integrations;
    private final PasswordHasher passwords;
    private final RandomTokens random;
    private final AuditLog audit;
    private final Clock clock;

    public UserAdminService(Database db, AccountRepository accounts, DeviceRepository devices,
            ActivationCodeRepository codes, ChallengeRepository challenges, IntegrationService integrations,
            PasswordHasher passwords, RandomTokens random, AuditLog audit, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.devices = devices;
        this.codes = codes;
        this.challenges = challenges;
        this.integrations = integrations;
        this.passwords = passwords;
        this.random = random;
        this.audit = audit;
        this.clock = clock;
    }

    public record UserView(Account account, List<Device> devices) { }

    public sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> { }
        record NotFound<T>(String what) implements Outcome<T> { }
        record Conflict<T>(String why) implements Outcome<T> { }
    }

    public record IssuedCode(String code, long expiresAt, String macid) {
        @Override
        public String toString() {
            return "IssuedCode[" + macid + "]";
        }
    }

    /** One page of a user search: {@code page} counts from 1. */
    public record UserPage(List<AccountRepository.Summary> items, int page, int size, long total) {
        public long pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }

    /** Users whose login or phone number contains {@code q}, by login, page {@code page} (from 1) of {@code size}. */
    public UserPage search(String q, int page, int size) {
        if (page < 1 || size < 1 || size > 200) {
            throw new IllegalArgumentException("page must be >= 1 and size 1-200");
        }
        return db.inTransaction(sql -> new UserPage(accounts.search(sql, q, (page - 1) * size, size), page, size,
                accounts.count(sql, q)));
    }

    public boolean createUser(String login, Optional<String> password, Optional<String> phone) {
        String hash = password.map(passwords::hash).orElse(null);
        try {
            return db.inTransaction(sql -> {
                if (accounts.find(sql, login).isPresent()) {
                    return false;
                }
                accounts.insert(sql, new Account(login, Optional.ofNullable(hash), phone, Optional.empty(), 0,
                        AccountState.NOT_BLOCKED, 0, clock.millis()));
                audit.record(sql, login, null, "admin.user.create", "OK");
                return true;
            });
        } catch (DataAccessException e) {
            if (e.isUniqueViolation()) {
                return false; // created at the same moment by another request or node
            }
            throw e;
        }
    }

    public Optional<UserView> find(String login) {
        return db.inTransaction(sql -> {
            Optional<Account> a = accounts.find(sql, login);
            if (a.isEmpty()) {
                return Optional.<UserView>empty();
            }
            return Optional.of(new UserView(a.get(), devices.ofAccount(sql, login)));
        });
    }

    public Outcome<IssuedCode> issueCode(String login, String macid) {
        Optional<Integration> integration = integrations.find(macid);
        if (integration.isEmpty()) {
            return new Outcome.NotFound<>("integration");
        }
        int length = integration.get().policy().codeLength();
        long now = clock.millis();
        long expires = now + integration.get().policy().codeLifetimeSeconds() * 1000L;
        return db.inTransaction(sql -> {
            if (accounts.find(sql, login).isEmpty()) {
                return new Outcome.NotFound<>("user");
            }
            codes.purgeDead(sql, login, now);
            for (int attempt = 0; attempt < 20; attempt++) {
                String code = random.digits(length);
                ActivationCode row = new ActivationCode(random.hex(16), macid, login, expires, 0, null, null, now);
                if (codes.insert(sql, row, code)) {
                    audit.record(sql, login, null, "admin.code.issue", "OK");
                    return new Outcome.Done<>(new IssuedCode(code, expires, macid));
                }
            }
            return new Outcome.Conflict<>("could not draw an unused code");
        });
    }

    /** block / unblock / reset-pin-errors. */
    public Outcome<Account> setState(String login, String operation) {
        return db.inTransaction(sql -> {
            Optional<Account> a = accounts.lock(sql, login);
            if (a.isEmpty()) {
                return new Outcome.NotFound<>("user");
            }
            AccountState state = a.get().state();
            int errors = a.get().pinErrors();
            switch (operation) {
                case "block" -> state = AccountState.BLOCKED;
                case "unblock" -> {
                    state = AccountState.NOT_BLOCKED;
                    errors = 0;
                }
                case "reset-pin-errors" -> {
                    errors = 0;
                    if (state == AccountState.PIN_BLOCKED) {
                        state = AccountState.NOT_BLOCKED;
                    }
                }
                default -> throw new IllegalArgumentException("unknown operation");
            }
            accounts.setPinErrorsAndState(sql, login, errors, state);
            audit.record(sql, login, null, "admin.user." + operation, "OK");
            return new Outcome.Done<>(accounts.find(sql, login).orElseThrow());
        });
    }

    /** disable / enable / delete a device of {@code login}. */
    public Outcome<Device> changeDevice(String login, String deviceId, DeviceState target) {
        return db.inTransaction(sql -> {
            Optional<Device> d = devices.lock(sql, deviceId);
            if (d.isEmpty() || !d.get().login().equals(login)) {
                return new Outcome.NotFound<>("device");
            }
            if (d.get().state() == target) {
                return new Outcome.Done<>(d.get());
            }
            if (!d.get().state().canBecome(target)) {
                return new Outcome.Conflict<>("device is " + d.get().state().apiName());
            }
            if (target == DeviceState.REMOVED) {
                devices.remove(sql, deviceId);
                challenges.delete(sql, deviceId);
            } else {
                devices.setState(sql, deviceId, target);
            }
            audit.record(sql, login, deviceId, "admin.device." + target.apiName(), "OK");
            return new Outcome.Done<>(devices.find(sql, deviceId).orElseThrow());
        });
    }
}
