-- Relying-party API keys belong to integrations (issue 8): a key verifies OTPs of devices of its integrations
-- only. Keys created before this migration keep verifying for every integration (all_integrations TRUE, shown
-- as "legacy" by the admin API) until an administrator replaces them; new keys always list their integrations.
ALTER TABLE api_keys ADD COLUMN all_integrations BOOLEAN DEFAULT TRUE NOT NULL;

CREATE TABLE api_key_integrations (
    key_id  VARCHAR(32) NOT NULL REFERENCES api_keys (id),
    macid   VARCHAR(128) NOT NULL REFERENCES integrations (macid),
    PRIMARY KEY (key_id, macid)
);
