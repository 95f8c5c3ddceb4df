CREATE TABLE ledger_events (
  idx             BIGINT PRIMARY KEY,   -- 0-based position in the log
  time            TEXT NOT NULL,        -- ISO-8601 UTC
  agency          TEXT NOT NULL,
  actor           TEXT NOT NULL,
  kind            TEXT NOT NULL,
  subject         TEXT NOT NULL,
  payload         TEXT NOT NULL,        -- canonical JSON object
  evidence_sha256 TEXT NOT NULL,        -- canonical JSON list of lowercase hex digests
  leaf_hash       BYTEA NOT NULL        -- SHA-256(0x00 || event bytes)
);
CREATE INDEX ledger_events_subject ON ledger_events (subject, idx);
