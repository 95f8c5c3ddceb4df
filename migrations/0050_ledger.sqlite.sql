-- SQLite: idx as INTEGER PRIMARY KEY is the rowid itself (appends go to the end of one B-tree).
CREATE TABLE ledger_events (
  idx             INTEGER PRIMARY KEY,  -- 0-based position in the log
  time            TEXT NOT NULL,        -- ISO-8601 UTC
  agency          TEXT NOT NULL,
  actor           TEXT NOT NULL,
  kind            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  payload         TEXT NOT NULL,        -- canonical JSON object
  evidence_sha256 TEXT NOT NULL,        -- canonical JSON list of lowercase hex digests
  leaf_hash       BLOB NOT NULL         -- SHA-256(0x00 || event bytes)
);
CREATE INDEX ledger_events_subject ON ledger_events (subject, idx);
