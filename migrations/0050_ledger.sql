-- The tamper-evident ledger (src/platform/ledger/): an append-only RFC 6962 Merkle log.
-- Nothing in the program updates or deletes rows of ledger_events, ledger_nodes or
-- ledger_checkpoints; `zhifa verify` detects it when anything else does.

-- One row: the number of events. Appends update it first, which serialises them (on
-- PostgreSQL the row lock is held until the appending transaction ends).
CREATE TABLE ledger_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  size BIGINT NOT NULL
);
INSERT INTO ledger_head (id, size) VALUES (1, 0);

-- Hashes of complete subtrees above the leaves: (level, idx) covers leaves
-- [idx * 2^level, (idx + 1) * 2^level). Leaves (level 0) are ledger_events.leaf_hash.
CREATE TABLE ledger_nodes (
  level INTEGER NOT NULL,
  idx   BIGINT NOT NULL,
  hash  {{blob}} NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note), one per published size.
CREATE TABLE ledger_checkpoints (
  size BIGINT PRIMARY KEY,
  time TEXT NOT NULL,
  root {{blob}} NOT NULL,
  note TEXT NOT NULL
);
