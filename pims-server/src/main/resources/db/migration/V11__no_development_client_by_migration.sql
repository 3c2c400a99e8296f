-- The development OAuth client (pims-dev / pims-dev-secret) is no longer part of every database: V2 inserted it,
-- this removes it and revokes what it was issued. A server started in development mode (pims server --dev,
-- pims.mode=development, pims demo) creates it again at start; a production server never has it.
-- V2 is left untouched so that Flyway's checksum of databases migrated before stays valid.
UPDATE oauth_tokens SET revoked_at = 0 WHERE client_id = 'pims-dev' AND revoked_at IS NULL;
DELETE FROM oauth_clients WHERE client_id = 'pims-dev';
