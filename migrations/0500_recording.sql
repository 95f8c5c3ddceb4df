-- Pillar 2, whole-process recording (执法全过程记录): cases handled on the procedures of
-- data/procedures/*.json, every act, the running deadlines and the documents (文书).

-- A case (案件). matter_* are copied from the published 行政执法事项清单 when the case opens
-- (matter_id may be NULL when the case was opened against a matter code only).
CREATE TABLE rec_cases (
  id              {{id}},
  agency_id       BIGINT NOT NULL REFERENCES agencies(id),
  case_no         TEXT NOT NULL,                 -- 案号, e.g. 济外侨案〔2025〕3号
  procedure_id    TEXT NOT NULL,                 -- data/procedures/<id>.json
  matter_id       BIGINT,
  matter_code     TEXT NOT NULL,
  matter_name     TEXT NOT NULL,
  category        TEXT NOT NULL,
  title           TEXT NOT NULL,
  step            TEXT NOT NULL,                 -- the procedure step the case is in
  status          TEXT NOT NULL,                 -- open | closed
  party_kind      TEXT NOT NULL,                 -- person | organisation
  party_name      TEXT NOT NULL,
  party_id_number TEXT NOT NULL,                 -- resident ID or USCC, validated
  party_address   TEXT NOT NULL DEFAULT '',
  party_phone     TEXT NOT NULL DEFAULT '',
  facts           TEXT NOT NULL DEFAULT '',
  fine_fen        BIGINT NOT NULL DEFAULT 0,
  warning         INTEGER NOT NULL DEFAULT 0,
  lead_officer_id BIGINT NOT NULL REFERENCES people(id),
  co_officer_id   BIGINT REFERENCES people(id),
  opened_on       TEXT NOT NULL,                 -- Beijing date
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  UNIQUE (agency_id, case_no)
);
CREATE INDEX rec_cases_lead ON rec_cases(lead_officer_id, status, id);
CREATE INDEX rec_cases_co ON rec_cases(co_officer_id, status, id);
CREATE INDEX rec_cases_agency ON rec_cases(agency_id, status, id);

-- Every act on a case: who, when, where, which transition.
CREATE TABLE rec_acts (
  id           {{id}},
  case_id      BIGINT NOT NULL REFERENCES rec_cases(id),
  transition   TEXT NOT NULL,                    -- transition id, or "open"
  label        TEXT NOT NULL,
  from_step    TEXT NOT NULL,
  to_step      TEXT NOT NULL,
  actor_id     BIGINT NOT NULL REFERENCES people(id),
  co_actor_ids TEXT NOT NULL DEFAULT '[]',       -- JSON array of person ids
  at           TEXT NOT NULL,                    -- ISO UTC
  on_date      TEXT NOT NULL,                    -- Beijing date
  latitude     TEXT NOT NULL DEFAULT '',
  longitude    TEXT NOT NULL DEFAULT '',
  accuracy_m   TEXT NOT NULL DEFAULT '',
  place        TEXT NOT NULL DEFAULT '',
  note         TEXT NOT NULL DEFAULT '',
  ledger_index BIGINT
);
CREATE INDEX rec_acts_case ON rec_acts(case_id, id);

-- The running deadlines of a case: law::Deadline as JSON, one per rule.
CREATE TABLE rec_deadlines (
  case_id   BIGINT NOT NULL REFERENCES rec_cases(id),
  rule_id   TEXT NOT NULL,
  state     TEXT NOT NULL,                       -- not_started | running | suspended | completed
  due       TEXT NOT NULL DEFAULT '',            -- cached due date for lists ('' unknown)
  deadline  TEXT NOT NULL,                       -- law::Deadline::to_json()
  PRIMARY KEY (case_id, rule_id)
);

-- Documents (文书). A signed document never changes; a correction is a new document with
-- replaces_id naming the old one.
CREATE TABLE rec_documents (
  id          {{id}},
  case_id     BIGINT NOT NULL REFERENCES rec_cases(id),
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL,
  body        TEXT NOT NULL,
  status      TEXT NOT NULL,                     -- draft | signed | superseded
  doc_number  TEXT NOT NULL DEFAULT '',          -- 发文字号, allocated at signing
  replaces_id BIGINT REFERENCES rec_documents(id),
  created_by  BIGINT NOT NULL REFERENCES people(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  signed_by   BIGINT REFERENCES people(id),
  signed_at   TEXT NOT NULL DEFAULT '',
  pdf_sha256  TEXT NOT NULL DEFAULT '',
  pdf_size    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rec_documents_case ON rec_documents(case_id, id);

-- Signed PDFs made where no blob store was at hand (the demo seeder runs before the server
-- knows its data directory): moved into the content-addressed blob store at start.
CREATE TABLE rec_pending_blobs (
  sha256 TEXT PRIMARY KEY,
  bytes  {{blob}} NOT NULL
);
