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

-- 行政执法数据年度报告 (国办发〔2018〕118号: each agency publishes its previous year's enforcement
-- data by 31 January): the figures fixed when generated, the narrative sections, review, publication.
CREATE TABLE sup_reports (
  id            {{id}},
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  year          INTEGER NOT NULL,
  state         TEXT NOT NULL,                 -- draft | reviewed | published
  figures_json  TEXT NOT NULL,                 -- supervision::statistics of the agency for the year
  overview      TEXT NOT NULL DEFAULT '',      -- 总体情况
  problems      TEXT NOT NULL DEFAULT '',      -- 存在的问题
  plans         TEXT NOT NULL DEFAULT '',      -- 下一步工作
  created_by    BIGINT NOT NULL REFERENCES people(id),
  updated_at    TEXT NOT NULL,
  reviewed_by   BIGINT REFERENCES people(id),
  published_by  BIGINT REFERENCES people(id),
  published_on  TEXT,
  published_event BIGINT,
  UNIQUE (agency_id, year)
);
