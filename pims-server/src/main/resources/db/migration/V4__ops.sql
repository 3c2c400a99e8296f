-- Operations: abuse limits per integration and the database-held counters behind them (shared by every node).

-- Per-integration abuse limits; an integration without a row uses AbuseLimits.defaults().
CREATE TABLE integration_limits (
    macid                          VARCHAR(128) PRIMARY KEY REFERENCES integrations (macid),
    sms_per_account_per_day        INT NOT NULL,
    otp_per_device_per_minute      INT NOT NULL,
    otp_per_device_per_hour        INT NOT NULL,
    device_requests_per_address_per_minute INT NOT NULL,
    verify_requests_per_address_per_minute INT NOT NULL,
    pin_lock_after                 INT NOT NULL,
    pin_lock_seconds               INT NOT NULL
);

-- Fixed-window counters: one row per (bucket, subject); window_start = start of the current window (epoch ms).
-- blocked_until: temporary lock (PIN back-off). Rows are updated under their row lock (UPDATE) or created
-- with INSERT ... ON CONFLICT DO NOTHING, so concurrent nodes never lose a hit.
CREATE TABLE rate_limits (
    bucket         VARCHAR(200) NOT NULL,
    subject        VARCHAR(256) NOT NULL,
    window_start   BIGINT NOT NULL,
    hits           INT NOT NULL,
    blocked_until  BIGINT,
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (bucket, subject)
);
CREATE INDEX rate_limits_subject ON rate_limits (subject);
CREATE INDEX rate_limits_updated ON rate_limits (updated_at);
