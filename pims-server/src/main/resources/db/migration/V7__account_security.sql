-- Account security (issue 8 items 1, 2, 5): exact counters kept on the account row, known login clients,
-- the cluster-wide count of failed codes per minute, and the development outbox sealed under the master key.
-- Portable between H2 (MODE=PostgreSQL) and PostgreSQL; times are epoch milliseconds (BIGINT).

-- Password logins: consecutive failures and the lock they set (growing back-off), across nodes.
ALTER TABLE accounts ADD COLUMN login_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE accounts ADD COLUMN login_locked_until BIGINT;
-- Wrong SMS / activation codes charged to the account, and the back-off of new code issuance they set.
ALTER TABLE accounts ADD COLUMN code_failures INT DEFAULT 0 NOT NULL;
ALTER TABLE accounts ADD COLUMN codes_blocked_until BIGINT;
-- SMS sent to the account in the current UTC day (sms_day = day number since the epoch).
ALTER TABLE accounts ADD COLUMN sms_day BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE accounts ADD COLUMN sms_count INT DEFAULT 0 NOT NULL;
-- When the trusted phone last changed on an account that had a factor: start of the cooling-off period.
ALTER TABLE accounts ADD COLUMN factor_changed_at BIGINT;

-- A client that logged in successfully before ("known device"): its own failure budget, so that guesses
-- from elsewhere cannot lock the real user out. The client holds id + keyed MAC; only the id is stored.
CREATE TABLE known_clients (
    id              VARCHAR(32) PRIMARY KEY,
    login           VARCHAR(128) NOT NULL REFERENCES accounts (login),
    failures        INT NOT NULL,
    locked_until    BIGINT,
    created_at      BIGINT NOT NULL,
    last_login_at   BIGINT NOT NULL
);
CREATE INDEX known_clients_login ON known_clients (login);

-- Failed codes (activation and SMS) per minute, all nodes together: the alert ceiling.
CREATE TABLE code_failure_minutes (
    minute_start  BIGINT PRIMARY KEY,
    failures      INT NOT NULL
);

-- The development outbox no longer keeps codes in clear: code and text are sealed (AES-GCM, master key).
DELETE FROM sms_outbox;
ALTER TABLE sms_outbox DROP COLUMN code;
ALTER TABLE sms_outbox DROP COLUMN body;
ALTER TABLE sms_outbox ADD COLUMN sealed VARCHAR(4096) DEFAULT '' NOT NULL;
