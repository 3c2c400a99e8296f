-- One row per account that has had codes: the first lock every account-API transaction on codes takes (lock
-- rank CODE), so that two such transactions on one account never lock the account's code rows in two orders
-- (code ids are random, and rows committed meanwhile appear to a later statement). Portable H2 / PostgreSQL.
CREATE TABLE code_anchors (
    login  VARCHAR(128) PRIMARY KEY REFERENCES accounts (login)
);
