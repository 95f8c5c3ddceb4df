-- 双随机、一公开 (issue 18): the directories, the plans made from a published row of the
-- 随机抽查事项清单, the draws (RFC 3797, frozen lists and their hashes, the randomness entered
-- by a second person) and the inspections with their results.

-- 检查对象名录库: one row per inspectable object of an agency; code is the USCC (GB 32100).
CREATE TABLE insp_objects (
  id          {{id}},
  agency_id   BIGINT NOT NULL REFERENCES agencies(id),
  code        TEXT NOT NULL,
  name        TEXT NOT NULL,
  object_type TEXT NOT NULL,                 -- e.g. 邀请外国人来华单位, 旅行社, 侨资企业
  region      TEXT NOT NULL DEFAULT '',
  risk_grade  TEXT NOT NULL DEFAULT '',      -- 低 | 中 | 高 ('' = not graded)
  tags        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  UNIQUE (agency_id, code)
);
CREATE INDEX insp_objects_type ON insp_objects(agency_id, object_type, id);

-- 回避: a declared conflict between an inspector and an object. The ground stays here (private);
-- the public record of a draw says only that a skip happened and its kind.
CREATE TABLE insp_conflicts (
  id         {{id}},
  agency_id  BIGINT NOT NULL REFERENCES agencies(id),
  person_id  BIGINT NOT NULL REFERENCES people(id),
  object_id  BIGINT NOT NULL REFERENCES insp_objects(id),
  kind       TEXT NOT NULL,                  -- kinship | recent_inspection | interest
  ground     TEXT NOT NULL DEFAULT '',
  created_by BIGINT REFERENCES people(id),
  created_at TEXT NOT NULL,
  UNIQUE (person_id, object_id, kind)
);

-- 抽查计划: from one published row of the list (copied as published, with the list version).
-- The draw columns fill in as it goes: frozen (lists + source) → drawn (randomness + result).
CREATE TABLE insp_plans (
  id                 {{id}},
  agency_id          BIGINT NOT NULL REFERENCES agencies(id),
  number             TEXT NOT NULL,          -- 济外侨抽查〔2026〕1号
  matter_code        TEXT NOT NULL,
  matter_name        TEXT NOT NULL,
  list_version       BIGINT NOT NULL,
  row_json           TEXT NOT NULL,          -- the list row as published
  object_type        TEXT NOT NULL,          -- which objects of the directory are candidates
  proportion_pct     BIGINT NOT NULL DEFAULT 0,   -- whole percent (1–100); 0 when a count is set
  fixed_count        BIGINT NOT NULL DEFAULT 0,
  period_from        TEXT NOT NULL,
  period_to          TEXT NOT NULL,
  inspection_date    TEXT NOT NULL,          -- certificates must be valid on this date
  status             TEXT NOT NULL,          -- published | frozen | drawn
  created_by         BIGINT NOT NULL REFERENCES people(id),
  published_on       TEXT NOT NULL,
  published_event    BIGINT,
  source             TEXT NOT NULL DEFAULT '',   -- the exact randomness source, named before it is known
  objects_json       TEXT NOT NULL DEFAULT '[]', -- frozen public candidate list
  objects_ids        TEXT NOT NULL DEFAULT '[]', -- the objects' ids in the same order (private)
  objects_sha256     TEXT NOT NULL DEFAULT '',
  inspectors_json    TEXT NOT NULL DEFAULT '[]',
  inspectors_ids     TEXT NOT NULL DEFAULT '[]',
  inspectors_sha256  TEXT NOT NULL DEFAULT '',
  select_count       BIGINT NOT NULL DEFAULT 0,
  frozen_by          BIGINT REFERENCES people(id),
  frozen_at          TEXT NOT NULL DEFAULT '',
  frozen_event       BIGINT,
  random_values      TEXT NOT NULL DEFAULT '[]',
  draw_key           TEXT NOT NULL DEFAULT '',
  randomness_by      BIGINT REFERENCES people(id),
  drawn_on           TEXT NOT NULL DEFAULT '',
  record_json        TEXT NOT NULL DEFAULT '',   -- the public record, fixed when drawn
  drawn_event        BIGINT,
  created_at         TEXT NOT NULL,
  UNIQUE (agency_id, number)
);
CREATE INDEX insp_plans_agency ON insp_plans(agency_id, id);

-- One drawn object: its inspectors (person ids, private), its result and the result's publication.
CREATE TABLE insp_inspections (
  id             {{id}},
  plan_id        BIGINT NOT NULL REFERENCES insp_plans(id),
  agency_id      BIGINT NOT NULL REFERENCES agencies(id),
  object_id      BIGINT NOT NULL REFERENCES insp_objects(id),
  draw_order     BIGINT NOT NULL,
  position       BIGINT NOT NULL,
  inspector_ids  TEXT NOT NULL,               -- JSON array of person ids
  result         TEXT NOT NULL DEFAULT '',    -- '' | no_problem | rectification | case_opened | not_found
  findings       TEXT NOT NULL DEFAULT '',
  inspected_on   TEXT NOT NULL DEFAULT '',
  due_on         TEXT NOT NULL DEFAULT '',    -- publication due (working days after the inspection)
  recorded_by    BIGINT REFERENCES people(id),
  published_on   TEXT NOT NULL DEFAULT '',
  public_json    TEXT NOT NULL DEFAULT '',    -- the masked public record, fixed when published
  published_event BIGINT,
  UNIQUE (plan_id, position)
);
CREATE INDEX insp_inspections_agency ON insp_inspections(agency_id, published_on, id);
