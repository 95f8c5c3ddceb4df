-- Pillar 1, 事后公开: enforcement decisions published on time, masked, withdrawn when revoked.
-- 国办发〔2018〕118号: 行政许可 and 行政处罚 decisions within 7 working days of the decision,
-- other decisions within 20; APL art. 48: a changed, revoked, illegal or void decision is
-- withdrawn within 3 working days, with the reason made public.
--
-- One row per decision. The original text (with personal data) never leaves the workspace:
-- the public reads record_json, fixed at publication, whose SHA-256 is in the ledger event
-- publicity.decision.published. States: pending → published → withdrawn | expired.
CREATE TABLE pub_decisions (
  id                  {{id}},
  agency_id           BIGINT NOT NULL REFERENCES agencies(id),
  source              TEXT NOT NULL UNIQUE,        -- where it came from, e.g. case:12 (one publication per decision)
  case_id             BIGINT,                      -- rec_cases(id) (migrations of recording come later)
  case_no             TEXT NOT NULL DEFAULT '',
  category            TEXT NOT NULL,               -- 行政许可 | 行政处罚 | 行政确认 | …
  matter_code         TEXT NOT NULL DEFAULT '',
  matter_name         TEXT NOT NULL DEFAULT '',
  legal_basis         TEXT NOT NULL DEFAULT '',
  party_kind          TEXT NOT NULL,               -- person | organisation
  party_name          TEXT NOT NULL,               -- as in the case (a person's name is never public)
  party_code          TEXT NOT NULL DEFAULT '',    -- an organisation's USCC (public); '' for a person
  conclusion          TEXT NOT NULL,               -- 准予许可 / 罚款人民币5000元 / …
  decision_no         TEXT NOT NULL DEFAULT '',    -- 发文字号 of the decision document
  decision_date       TEXT NOT NULL,               -- Beijing date of the decision
  document_sha256     TEXT NOT NULL DEFAULT '',    -- the signed decision PDF
  decision_event      BIGINT,                      -- ledger index of the decision act
  body                TEXT NOT NULL,               -- the decision text as signed (personal data inside)
  spans               TEXT NOT NULL DEFAULT '[]',  -- the mask spans (JSON), automatic then reviewed
  mask_required       INTEGER NOT NULL DEFAULT 1,
  mask_reviewed_by    BIGINT REFERENCES people(id),
  mask_reviewed_at    TEXT,
  deadline_rule       TEXT NOT NULL,               -- publicity.decision | publicity.other_decision | matter:<code>
  publish_days        INTEGER NOT NULL,
  due_on              TEXT NOT NULL,               -- last day to publish (working days, law/deadline)
  state               TEXT NOT NULL,               -- pending | published | withdrawn | expired
  published_on        TEXT,
  published_at        TEXT,
  published_by        BIGINT REFERENCES people(id),
  record_json         TEXT,                        -- the public record, exactly as hashed
  record_sha256       TEXT,
  publish_event       BIGINT,                      -- ledger index of publicity.decision.published
  search_text         TEXT,                        -- the public (masked) text while published, for phrase checks
  display_until       TEXT,                        -- last day on the public lists (display period)
  fulfilment          TEXT NOT NULL DEFAULT '',    -- 履行情况
  fulfilment_note     TEXT NOT NULL DEFAULT '',
  fulfilment_on       TEXT,
  withdraw_ground     TEXT,                        -- changed | revoked | illegal | void (APL art. 48)
  withdraw_reason     TEXT,                        -- the public reason
  withdraw_trigger_on TEXT,                        -- the day the decision was changed/revoked/…
  withdraw_due_on     TEXT,                        -- trigger + 3 working days
  withdraw_requested_by BIGINT REFERENCES people(id),
  withdrawn_on        TEXT,
  withdrawn_at        TEXT,
  withdrawn_by        BIGINT REFERENCES people(id),
  withdraw_event      BIGINT,
  expired_on          TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  revision            BIGINT NOT NULL DEFAULT 1    -- optimistic concurrency for the mask review
);
CREATE INDEX pub_decisions_agency ON pub_decisions(agency_id, state, id);
CREATE INDEX pub_decisions_state ON pub_decisions(state, due_on);
CREATE INDEX pub_decisions_public ON pub_decisions(state, id);
CREATE INDEX pub_decisions_display ON pub_decisions(state, display_until);
CREATE INDEX pub_decisions_number ON pub_decisions(decision_no);

-- What the editor changed in the automatic masking, and why (kept in the workspace only: the
-- spans hold personal data; the ledger gets counts and the hash of the masked text).
CREATE TABLE pub_mask_log (
  id           {{id}},
  decision_id  BIGINT NOT NULL REFERENCES pub_decisions(id),
  action       TEXT NOT NULL,                      -- add | remove | reviewed
  kind         TEXT NOT NULL DEFAULT '',
  span_start   BIGINT NOT NULL DEFAULT 0,
  span_end     BIGINT NOT NULL DEFAULT 0,
  original     TEXT NOT NULL DEFAULT '',
  reason       TEXT NOT NULL DEFAULT '',
  person_id    BIGINT REFERENCES people(id),
  at           TEXT NOT NULL
);
CREATE INDEX pub_mask_log_decision ON pub_mask_log(decision_id, id);

-- Time limits and display periods an agency configures: per category (matter_code ''), or
-- per matter (publication time limit "unless a law or administrative regulation says
-- otherwise", 118). publish_days 0: the default (7 or 20); display_months 0: the default (36).
CREATE TABLE pub_rules (
  id             {{id}},
  agency_id      BIGINT NOT NULL REFERENCES agencies(id),
  category       TEXT NOT NULL,
  matter_code    TEXT NOT NULL DEFAULT '',
  publish_days   INTEGER NOT NULL DEFAULT 0,
  display_months INTEGER NOT NULL DEFAULT 0,
  source         TEXT NOT NULL DEFAULT '',        -- the rule that sets it (law, regulation, local practice)
  updated_by     BIGINT REFERENCES people(id),
  updated_at     TEXT NOT NULL,
  UNIQUE (agency_id, category, matter_code)
);
