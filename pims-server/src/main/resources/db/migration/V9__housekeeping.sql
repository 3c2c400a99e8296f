-- Housekeeping (dev.pims.server.housekeeping): the lease that lets one node at a time purge, and the indexes its
-- batched deletes use so that each batch stays a short index range scan.

-- One row per cluster-wide job. A node takes the job by locking the row (SELECT ... FOR UPDATE SKIP LOCKED) and
-- writing itself as holder until expires_at; the others skip it while the lease runs.
CREATE TABLE housekeeping_lease (
    name        VARCHAR(64) PRIMARY KEY,
    holder      VARCHAR(64),
    expires_at  BIGINT NOT NULL
);
INSERT INTO housekeeping_lease (name, holder, expires_at) VALUES ('housekeeping', NULL, 0);

CREATE INDEX challenges_expires ON challenges (expires_at);
CREATE INDEX activation_codes_expires ON activation_codes (expires_at);
CREATE INDEX sms_codes_created ON sms_codes (created_at);
CREATE INDEX oauth_tokens_expires ON oauth_tokens (expires_at);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX sms_outbox_sent ON sms_outbox (sent_at);
