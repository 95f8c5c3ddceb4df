-- 执法监督 (2), issue 21: 案卷评查 (case-file evaluation), 督查通报 (supervision notices with
-- required replies) and 备案 (filings to the superior's legal office). 同案同罚 is computed
-- when asked (nothing stored).

-- An agency's evaluation standard (评查标准) as data: items with points summing to 100, the rule
-- each cites, the automatic checks it hosts and whether the evaluator scores it. No row: the
-- default set (supervision/evaluation.cc).
CREATE TABLE sup_eval_standards (
  agency_id   BIGINT PRIMARY KEY REFERENCES agencies(id),
  items_json  TEXT NOT NULL,                 -- [{code, name, points, rule, checks:[…], manual}]
  updated_by  BIGINT NOT NULL REFERENCES people(id),
  updated_at  TEXT NOT NULL
);

-- One 评查 (annual or special) by an agency of the files of the agencies it supervises.
CREATE TABLE sup_evaluations (
  id            {{id}},
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),   -- the evaluating agency
  scope_id      BIGINT NOT NULL REFERENCES agencies(id),   -- files of this agency and those below
  year          INTEGER NOT NULL,
  kind          TEXT NOT NULL,                 -- annual | special
  title         TEXT NOT NULL,
  selection     TEXT NOT NULL,                 -- how the files were chosen (the RFC 3797 key and counts)
  standard_json TEXT NOT NULL,                 -- the standard as it was when the 评查 began
  created_by    BIGINT NOT NULL REFERENCES people(id),
  created_on    TEXT NOT NULL,
  ledger_index  BIGINT
);

-- One evaluated case file: the automatic deductions (fixed when drawn, re-read when graded),
-- the evaluator's scores, the grade and the 整改 (rectification) asked of the agency.
CREATE TABLE sup_eval_files (
  id             {{id}},
  evaluation_id  BIGINT NOT NULL REFERENCES sup_evaluations(id),
  case_id        BIGINT NOT NULL REFERENCES rec_cases(id),
  agency_id      BIGINT NOT NULL REFERENCES agencies(id),  -- the case's agency
  state          TEXT NOT NULL,                -- pending | graded | rectified
  items_json     TEXT NOT NULL DEFAULT '[]',   -- per item: {code, points, auto:[{check, points, reason}], score, note}
  score          INTEGER,
  grade          TEXT NOT NULL DEFAULT '',     -- 优秀 | 良好 | 合格 | 不合格
  graded_by      BIGINT REFERENCES people(id),
  graded_on      TEXT,
  rectify_note   TEXT NOT NULL DEFAULT '',     -- what the agency must put right
  rectify_due_on TEXT,
  rectify_reply  TEXT NOT NULL DEFAULT '',
  rectified_by   BIGINT REFERENCES people(id),
  rectified_on   TEXT,
  UNIQUE (evaluation_id, case_id)
);
CREATE INDEX sup_eval_files_agency ON sup_eval_files(agency_id, state, id);

-- 督查通报: a notice from a superior agency to agencies below, each of which must reply by the due date.
CREATE TABLE sup_notices (
  id           {{id}},
  agency_id    BIGINT NOT NULL REFERENCES agencies(id),   -- the sender
  title        TEXT NOT NULL,
  body         TEXT NOT NULL,
  issued_on    TEXT NOT NULL,
  due_on       TEXT NOT NULL,                 -- the reply's last day (a working day, official calendar)
  created_by   BIGINT NOT NULL REFERENCES people(id),
  created_at   TEXT NOT NULL,
  ledger_index BIGINT
);
CREATE TABLE sup_notice_recipients (
  notice_id   BIGINT NOT NULL REFERENCES sup_notices(id),
  agency_id   BIGINT NOT NULL REFERENCES agencies(id),
  reply       TEXT NOT NULL DEFAULT '',
  replied_by  BIGINT REFERENCES people(id),
  replied_on  TEXT,                           -- Beijing date
  replied_at  TEXT,
  PRIMARY KEY (notice_id, agency_id)
);
CREATE INDEX sup_notice_recipients_agency ON sup_notice_recipients(agency_id, notice_id);
-- A reply's attachments (bytes in the content-addressed blob store).
CREATE TABLE sup_notice_attachments (
  id          {{id}},
  notice_id   BIGINT NOT NULL REFERENCES sup_notices(id),
  agency_id   BIGINT NOT NULL REFERENCES agencies(id),
  name        TEXT NOT NULL,
  media_type  TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  size        BIGINT NOT NULL,
  added_at    TEXT NOT NULL
);
CREATE INDEX sup_notice_attachments_reply ON sup_notice_attachments(notice_id, agency_id, id);

-- 备案: an agency files a plan, a published list or an annual report with the legal office of
-- its superior (the parent agency; a top-level agency: the government's 行政执法监督机构).
CREATE TABLE sup_filings (
  id           {{id}},
  agency_id    BIGINT NOT NULL REFERENCES agencies(id),   -- who files
  superior_id  BIGINT NOT NULL REFERENCES agencies(id),   -- with whom
  kind         TEXT NOT NULL,                 -- plan | list | report
  ref          TEXT NOT NULL,                 -- plan:<id> | list:<kind>:<version> | report:<year>
  title        TEXT NOT NULL,
  state        TEXT NOT NULL,                 -- filed | acknowledged | returned
  reason       TEXT NOT NULL DEFAULT '',      -- why returned
  filed_by     BIGINT NOT NULL REFERENCES people(id),
  filed_on     TEXT NOT NULL,
  decided_by   BIGINT REFERENCES people(id),
  decided_on   TEXT,
  ledger_index BIGINT
);
CREATE INDEX sup_filings_superior ON sup_filings(superior_id, state, id);
CREATE INDEX sup_filings_agency ON sup_filings(agency_id, id);
