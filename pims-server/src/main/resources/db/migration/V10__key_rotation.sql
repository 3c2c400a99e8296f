-- Master key rotation (dev.pims.server.keys). Sealed values carry the id of their master key ($<id>$...).

-- Keys in transit during a rotation: key_id's master key sealed under sealed_by's master key, so that every node
-- holding either key can open the other. role 'next' = the key being rotated to, 'previous' = the key being
-- retired. The rows are deleted when no sealed value uses the previous key any more.
CREATE TABLE master_keys (
    key_id      VARCHAR(16) NOT NULL,
    sealed_by   VARCHAR(16) NOT NULL,
    key_enc     VARCHAR(256) NOT NULL,
    role        VARCHAR(16) NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (key_id, sealed_by)
);

-- Keys that do not rotate with the master key, sealed under it: 'lookup' is the HMAC key of the *_hash columns,
-- so stored hashes stay valid across rotations. A store created before this table gets the key its master key
-- derived, at the first start.
CREATE TABLE secret_keys (
    name       VARCHAR(32) PRIMARY KEY,
    value_enc  VARCHAR(256) NOT NULL
);

INSERT INTO housekeeping_lease (name, holder, expires_at) VALUES ('key-rotation', NULL, 0);
