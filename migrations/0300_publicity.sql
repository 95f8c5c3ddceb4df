-- Pillar 1, 事前公开: the standing lists (国办发〔2018〕118号; 济外侨办字〔2017〕28号 一.1–一.7).
-- A list has one working draft with its review state, and every published version forever.

-- The working draft of one list of one agency, and where it stands in the review
-- (审查机制): draft → submitted → approved [→ superior_approved for 主体资格清单, seed 一.4]
-- → published; a rejection (rejected) carries its reason and returns the list to the editor.
CREATE TABLE publicity_lists (
  id               {{id}},
  agency_id        BIGINT NOT NULL REFERENCES agencies(id),
  kind             TEXT NOT NULL,                 -- matters | inspections | subjects | guides | av | review_catalog
  rows             TEXT NOT NULL,                 -- JSON array of row objects (the draft)
  revision         BIGINT NOT NULL DEFAULT 1,     -- bumped by every save: optimistic concurrency
  state            TEXT NOT NULL,                 -- draft | submitted | approved | superior_approved | rejected | published
  reason           TEXT NOT NULL DEFAULT '',      -- the last rejection's reason
  updated_at       TEXT NOT NULL,
  updated_by       BIGINT REFERENCES people(id),
  submitted_by     BIGINT REFERENCES people(id),
  submitted_at     TEXT,
  approved_by      BIGINT REFERENCES people(id),
  approved_at      TEXT,
  superior_by      BIGINT REFERENCES people(id),
  superior_at      TEXT,
  published_version BIGINT NOT NULL DEFAULT 0,
  UNIQUE (agency_id, kind)
);

-- Every published version, kept forever (never updated, never deleted).
CREATE TABLE publicity_versions (
  id            {{id}},
  list_id       BIGINT NOT NULL REFERENCES publicity_lists(id),
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  kind          TEXT NOT NULL,
  version       BIGINT NOT NULL,
  rows          TEXT NOT NULL,                   -- JSON array, as published
  rows_sha256   TEXT NOT NULL,                   -- also in the ledger event publicity.list.published
  note          TEXT NOT NULL DEFAULT '',        -- 调整说明
  published_at  TEXT NOT NULL,
  published_by  BIGINT REFERENCES people(id),
  approved_by   BIGINT REFERENCES people(id),
  superior_by   BIGINT REFERENCES people(id),
  ledger_index  BIGINT,
  UNIQUE (list_id, version)
);
CREATE INDEX publicity_versions_published ON publicity_versions(published_at);

-- Enforcement matters as other pillars see them: one stable id per (agency, code), the fields
-- of the currently published version, and whether it is in the current version at all.
CREATE TABLE matters (
  id            {{id}},
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  code          TEXT NOT NULL,
  category      TEXT NOT NULL,
  name          TEXT NOT NULL,
  legal_basis   TEXT NOT NULL,
  handling_unit TEXT NOT NULL,
  time_limit    TEXT NOT NULL,
  procedure     TEXT NOT NULL DEFAULT '',
  discretion    TEXT NOT NULL DEFAULT '[]',      -- JSON bands: [{facts, penalty, fine_min_yuan, fine_max_yuan}]
  published     INTEGER NOT NULL DEFAULT 0,
  version       BIGINT NOT NULL DEFAULT 0,       -- the list version these fields come from
  UNIQUE (agency_id, code)
);

-- The rows of the current published version of every list, for filtering and search.
CREATE TABLE publicity_rows (
  id         {{id}},
  agency_id  BIGINT NOT NULL REFERENCES agencies(id),
  kind       TEXT NOT NULL,
  version    BIGINT NOT NULL,
  position   INTEGER NOT NULL,
  row_key    TEXT NOT NULL,
  category   TEXT NOT NULL DEFAULT '',
  data       TEXT NOT NULL,                      -- the row as JSON
  tokens     TEXT NOT NULL                       -- unigrams + bigrams (publicity/lists.h cjk_tokens)
);
CREATE INDEX publicity_rows_list ON publicity_rows(agency_id, kind, position);
