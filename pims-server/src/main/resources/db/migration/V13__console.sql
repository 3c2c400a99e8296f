-- The web console (dev.pims.server.console): sign-in sessions shared by every node behind a balancer, and an
-- index for the overview's last-hour chart and the audit page's time filter.

-- One row per signed-in browser. id_hash = SHA-256 (hex) of the cookie's random value: the value itself is
-- never stored, so a copy of the database opens no session. Rows past their idle or absolute expiry are
-- refused and deleted (at the next use, or at any sign-in).
CREATE TABLE console_sessions (
    id_hash       VARCHAR(64) PRIMARY KEY,
    created_at    BIGINT NOT NULL,
    last_seen_at  BIGINT NOT NULL
);
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);

-- (the overview reads the last hour of audit_log through the index audit_log_at, made by V9)
