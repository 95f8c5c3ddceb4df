-- Pillar 3: legal review of major decisions (重大执法决定法制审核, APL art. 58; 国办发〔2018〕118号).
-- The catalog (目录清单) as rules per agency, review submissions with every round kept, the
-- element checklist (要素清单), legal adviser requests and escalations (协调机制).

-- 重大执法决定法制审核目录清单: a decision is major when every condition a rule sets holds
-- (empty text / NULL / 0 = no condition). Rules are never deleted, only deactivated; every
-- change is a ledger event, so each version of the list can be shown.
CREATE TABLE review_catalog_rules (
  id                         {{id}},
  agency_id                  BIGINT NOT NULL REFERENCES agencies(id),
  code                       TEXT NOT NULL,                 -- stable, e.g. R01
  name                       TEXT NOT NULL,                 -- e.g. 对公民处以一万元以上罚款
  category                   TEXT NOT NULL DEFAULT '',      -- 行政处罚 | 行政许可 | … ('' = any)
  matter_code                TEXT NOT NULL DEFAULT '',      -- a matter of the 行政执法事项清单 ('' = any)
  party_kind                 TEXT NOT NULL DEFAULT '',      -- person | organisation ('' = any)
  min_fine_fen               BIGINT,                        -- fine >= this (fen)
  min_confiscation_fen       BIGINT,                        -- value confiscated >= this (fen)
  measure                    TEXT NOT NULL DEFAULT '',      -- revoke_licence | stop_business | …
  requires_hearing           INTEGER NOT NULL DEFAULT 0,
  requires_outside_benchmark INTEGER NOT NULL DEFAULT 0,
  requires_complex           INTEGER NOT NULL DEFAULT 0,
  requires_social_impact     INTEGER NOT NULL DEFAULT 0,
  legal_source               TEXT NOT NULL,                 -- e.g. 《行政处罚法》第五十八条
  active                     INTEGER NOT NULL DEFAULT 1,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  UNIQUE (agency_id, code)
);

-- Per-agency review time limit (local practice: 7 working days, +3 with approval).
CREATE TABLE review_agency_settings (
  agency_id      BIGINT PRIMARY KEY REFERENCES agencies(id),
  period_days    INTEGER NOT NULL,
  extension_days INTEGER NOT NULL
);

-- One submission per case and decision draft; rounds below it. case_id names the case of
-- src/recording/ (no foreign key: review is usable before and apart from case handling).
CREATE TABLE review_submissions (
  id            {{id}},
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  case_id       BIGINT NOT NULL,
  case_title    TEXT NOT NULL,
  state         TEXT NOT NULL,     -- waiting | in_review | returned | escalated | passed | decided
  round         INTEGER NOT NULL,  -- the current round
  reviewer_id   BIGINT REFERENCES people(id),
  submitted_by  BIGINT NOT NULL REFERENCES people(id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  opinion_number TEXT NOT NULL DEFAULT ''   -- 法制审核意见书 number once agreed
);
CREATE INDEX review_submissions_case ON review_submissions(case_id, id);
CREATE INDEX review_submissions_agency ON review_submissions(agency_id, state);

-- The handling unit: people who handled the case; none of them may review it.
CREATE TABLE review_handlers (
  submission_id BIGINT NOT NULL REFERENCES review_submissions(id),
  person_id     BIGINT NOT NULL REFERENCES people(id),
  PRIMARY KEY (submission_id, person_id)
);

-- Every round kept: what was submitted, what changed since the round before, the opinion.
CREATE TABLE review_rounds (
  id             {{id}},
  submission_id  BIGINT NOT NULL REFERENCES review_submissions(id),
  round          INTEGER NOT NULL,
  draft          TEXT NOT NULL,          -- the decision draft text
  facts_json     TEXT NOT NULL,          -- DecisionFacts as JSON
  materials_json TEXT NOT NULL,          -- [{"name":…, "sha256":…}]
  major_json     TEXT NOT NULL,          -- the catalog rules that made it major, at submission
  note           TEXT NOT NULL DEFAULT '',   -- the handling unit's explanation (corrections)
  changes_json   TEXT NOT NULL DEFAULT '[]', -- what changed against the round before
  submitted_by   BIGINT NOT NULL REFERENCES people(id),
  submitted_at   TEXT NOT NULL,
  submitted_on   TEXT NOT NULL,          -- Beijing date: the time limit starts here
  due_on         TEXT NOT NULL,          -- working-day deadline of the opinion
  extended       INTEGER NOT NULL DEFAULT 0,
  extension_note TEXT NOT NULL DEFAULT '',
  opinion        TEXT NOT NULL DEFAULT '',   -- '' | agree | problems
  opinion_text   TEXT NOT NULL DEFAULT '',
  opinion_by     BIGINT REFERENCES people(id),
  opinion_at     TEXT,
  UNIQUE (submission_id, round)
);

-- 要素清单: the 11 elements of seed 三.4 per round.
CREATE TABLE review_checklist (
  round_id    BIGINT NOT NULL REFERENCES review_rounds(id),
  element     INTEGER NOT NULL,   -- 1 … 11
  answer      TEXT NOT NULL,      -- pass | problem | na
  comment     TEXT NOT NULL DEFAULT '',
  answered_by BIGINT NOT NULL REFERENCES people(id),
  answered_at TEXT NOT NULL,
  PRIMARY KEY (round_id, element)
);

-- The legal adviser's opinion, when the reviewer asks for it (seed 三.2).
CREATE TABLE review_adviser_requests (
  id            {{id}},
  submission_id BIGINT NOT NULL REFERENCES review_submissions(id),
  round         INTEGER NOT NULL,
  requested_by  BIGINT NOT NULL REFERENCES people(id),
  adviser_id    BIGINT NOT NULL REFERENCES people(id),
  question      TEXT NOT NULL,
  requested_at  TEXT NOT NULL,
  answer        TEXT NOT NULL DEFAULT '',
  answered_at   TEXT
);

-- Disagreement of the handling unit → agency head / collective discussion (集体讨论).
CREATE TABLE review_escalations (
  id                {{id}},
  submission_id     BIGINT NOT NULL REFERENCES review_submissions(id),
  round             INTEGER NOT NULL,
  raised_by         BIGINT NOT NULL REFERENCES people(id),
  reason            TEXT NOT NULL,
  raised_at         TEXT NOT NULL,
  method            TEXT NOT NULL DEFAULT '',  -- head | collective
  outcome           TEXT NOT NULL DEFAULT '',  -- uphold (审核意见成立) | accept (采纳承办机构意见)
  outcome_text      TEXT NOT NULL DEFAULT '',
  participants_json TEXT NOT NULL DEFAULT '[]',
  decided_by        BIGINT REFERENCES people(id),
  decided_at        TEXT
);
