-- The request path (issue 7): counters that protect secrets live on their subject's row and change inside the
-- request's own transaction; per-address limits moved to memory (no table); the limits of an integration are
-- only the exact, per-subject ones.

-- Temporary PIN lock with back-off, on the account row: it holds while pin_locked_until is in the future AND
-- the account still has exactly pin_lock_errors PIN errors (any reset of the count lifts it).
ALTER TABLE accounts ADD COLUMN pin_locked_until BIGINT;
ALTER TABLE accounts ADD COLUMN pin_lock_errors INT DEFAULT 0 NOT NULL;

-- OTP issuance per device: a per-minute and a per-hour fixed window, both read with the device row lock and
-- written by one UPDATE.
ALTER TABLE devices ADD COLUMN otp_minute_start BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE devices ADD COLUMN otp_minute_count INT DEFAULT 0 NOT NULL;
ALTER TABLE devices ADD COLUMN otp_hour_start BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE devices ADD COLUMN otp_hour_count INT DEFAULT 0 NOT NULL;

-- Per-address rates are server settings now, never an integration's (a client names the integration).
ALTER TABLE integration_limits DROP COLUMN device_requests_per_address_per_minute;
ALTER TABLE integration_limits DROP COLUMN verify_requests_per_address_per_minute;

-- The database-held counters are gone except the SMS budget per account (bucket sms.account.day), which the
-- account API still keeps there; PIN locks, OTP issuance and per-address windows are dropped.
DELETE FROM rate_limits WHERE bucket <> 'sms.account.day';

-- Verification reads an OTP by hash and login.
CREATE INDEX issued_otps_login ON issued_otps (login);
