-- 投诉举报 (issue 19): complaints about an enforcement act, reports of a violation, opinions.
-- Routed to the supervising agency (complaints about an act) or the competent agency (reports),
-- answered within the deadlines of 《信访工作条例》(2022), tracked by the complainant with an
-- unguessable code. What people wrote and who they are stay here (private); the ledger gets
-- only ids, codes, dates and salted commitments (src/org/ledger_privacy.cc).
CREATE TABLE complaints (
  id                 {{id}},
  code_sha256        TEXT NOT NULL UNIQUE,            -- SHA-256 of the tracking code (the code itself is never stored)
  kind               TEXT NOT NULL,                   -- complaint (投诉) | report (举报) | suggestion (意见建议)
  acting_agency_id   BIGINT REFERENCES agencies(id),  -- whose act it concerns (NULL: not known)
  handling_agency_id BIGINT NOT NULL REFERENCES agencies(id),
  routed_by          TEXT NOT NULL,                   -- supervisor | oversight_body | competent | city_office | transfer
  concerning         TEXT NOT NULL DEFAULT '',        -- as typed: a decision / case / certificate number, or text
  concern_kind       TEXT NOT NULL DEFAULT '',        -- decision | case | certificate | '' (not found)
  concern_id         BIGINT,                          -- the record found
  concern_ref        TEXT NOT NULL DEFAULT '',        -- its number as found (decision_no, case_no, certificate number)
  what_happened      TEXT NOT NULL,
  request            TEXT NOT NULL DEFAULT '',
  contact_phone      TEXT NOT NULL DEFAULT '',
  contact_email      TEXT NOT NULL DEFAULT '',
  contact_name       TEXT NOT NULL DEFAULT '',
  anonymous          INTEGER NOT NULL DEFAULT 0,
  state              TEXT NOT NULL,                   -- received | info_requested | accepted | approval_pending | replied | refused
  handler_id         BIGINT REFERENCES people(id),    -- the assigned handler of the handling agency
  received_on        TEXT NOT NULL,                   -- Beijing date; restarts when transferred
  accept_due         TEXT NOT NULL,
  accepted_on        TEXT,
  reply_due          TEXT,
  extended           INTEGER NOT NULL DEFAULT 0,
  info_request       TEXT NOT NULL DEFAULT '',
  supplement         TEXT NOT NULL DEFAULT '',
  refusal_reason     TEXT NOT NULL DEFAULT '',
  refusal_basis      TEXT NOT NULL DEFAULT '',
  finding            TEXT NOT NULL DEFAULT '',        -- upheld | partly_upheld | not_upheld | case_opened | no_violation | adopted | noted
  reply              TEXT NOT NULL DEFAULT '',
  contests_decision  INTEGER NOT NULL DEFAULT 0,      -- 诉访分离: the reply names 复议/诉讼 and their time limits
  approved_by        BIGINT REFERENCES people(id),
  closed_on          TEXT,
  linked_case_id     BIGINT,                          -- a case opened on a 举报 (recording's rec_cases.id)
  submitted_at       TEXT NOT NULL,
  updated_at         TEXT NOT NULL
);
CREATE INDEX complaints_handling ON complaints(handling_agency_id, state);

-- Photos and PDFs sent with a complaint: blobs (content-addressed), never served to the public.
CREATE TABLE complaint_attachments (
  id           {{id}},
  complaint_id BIGINT NOT NULL REFERENCES complaints(id),
  sha256       TEXT NOT NULL,
  content_type TEXT NOT NULL,                         -- image/jpeg | image/png | application/pdf (by magic bytes)
  size         BIGINT NOT NULL,
  filename     TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments(complaint_id, id);

-- The handling history as the handlers see it (with the text of reasons and notes).
CREATE TABLE complaint_steps (
  id           {{id}},
  complaint_id BIGINT NOT NULL REFERENCES complaints(id),
  at           TEXT NOT NULL,
  on_date      TEXT NOT NULL,
  person_id    BIGINT REFERENCES people(id),
  action       TEXT NOT NULL,
  agency_id    BIGINT REFERENCES agencies(id),
  note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_steps_complaint ON complaint_steps(complaint_id, id);

-- Submissions per client address (like login_throttle): one upsert per accepted submission.
CREATE TABLE complaint_throttle (
  key          TEXT PRIMARY KEY,                      -- "addr:<address>"
  attempts     BIGINT NOT NULL,
  window_start BIGINT NOT NULL                        -- unix seconds
);

-- Idempotency keys: a replayed submission answers with the same tracking code (kept 24 hours).
CREATE TABLE complaint_idempotency (
  key_sha256   TEXT PRIMARY KEY,
  body_sha256  TEXT NOT NULL,
  complaint_id BIGINT NOT NULL REFERENCES complaints(id),
  code         TEXT NOT NULL,
  created_unix BIGINT NOT NULL
);
