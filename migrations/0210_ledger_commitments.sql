-- The private half of the ledger's salted commitments (org/ledger_privacy.h): an event's payload
-- carries SHA-256(salt ‖ content) of private content; the salt stays here, never in the ledger.
CREATE TABLE ledger_commitments (
  commitment TEXT PRIMARY KEY,   -- lowercase hex, as in the payload
  salt       TEXT NOT NULL,      -- 64 hex digits (256 random bits)
  created_at TEXT NOT NULL
);
