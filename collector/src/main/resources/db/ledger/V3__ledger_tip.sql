-- The chain's tip (the last record's sequence number and hash) in one row, so that several
-- collectors can append to one database: each write transaction locks this row (SELECT ... FOR
-- UPDATE), chains its batch from it and moves it on, so the database hands out one writer at a
-- time and the chain neither forks nor skips a number. Filled from the last record, or the genesis
-- hash (ChainHash.GENESIS) and 0 when the ledger is empty. Portable SQL: runs on H2 and PostgreSQL.

CREATE TABLE ledger_tip (
    id   INTEGER  NOT NULL PRIMARY KEY,
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL,
    CHECK (id = 1)
);

INSERT INTO ledger_tip (id, seq, hash)
SELECT 1, seq, hash FROM ledger WHERE seq = (SELECT MAX(seq) FROM ledger);

INSERT INTO ledger_tip (id, seq, hash)
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000'
WHERE NOT EXISTS (SELECT 1 FROM ledger_tip);
