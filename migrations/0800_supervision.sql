-- 执法监督 (issue 20): 督办 — who urged whom about which deadline, and when. The ledger event
-- (supervision.urged) carries the ids and dates; the note stays here.
CREATE TABLE sup_urges (
  id          {{id}},
  agency_id   BIGINT NOT NULL REFERENCES agencies(id),   -- the agency whose deadline it is
  kind        TEXT NOT NULL,                             -- case | review | publication | withdrawal | complaint | inspection
  ref_id      BIGINT NOT NULL,                           -- the case, review round, decision, complaint or inspection
  rule        TEXT NOT NULL DEFAULT '',                  -- the deadline (e.g. penalty.decision)
  due_on      TEXT NOT NULL,
  urged_by    BIGINT NOT NULL REFERENCES people(id),
  urged_id    BIGINT REFERENCES people(id),              -- the responsible person (NULL: the agency's head)
  note        TEXT NOT NULL DEFAULT '',
  urged_at    TEXT NOT NULL,                             -- ISO UTC
  urged_on    TEXT NOT NULL,                             -- Beijing date
  ledger_index BIGINT
);
CREATE INDEX sup_urges_ref ON sup_urges(kind, ref_id, id);
CREATE INDEX sup_urges_urged ON sup_urges(urged_id, id);
