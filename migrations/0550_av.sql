-- Pillar 2, 音像记录 (issue 17): resumable uploads (tus 1.0) and the A/V evidence items they become.

-- A tus upload in progress. id: an unguessable token (the URL). The bytes held so far are in
-- <data-dir>/uploads/<id>.part; upload_offset is how many of them are acknowledged. state: open |
-- done (became the item item_id) | terminated (DELETE) | expired (removed by the periodic job).
CREATE TABLE av_uploads (
  id            TEXT PRIMARY KEY,
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  case_id       BIGINT NOT NULL REFERENCES rec_cases(id),
  person_id     BIGINT NOT NULL REFERENCES people(id),
  upload_length BIGINT NOT NULL,
  upload_offset BIGINT NOT NULL DEFAULT 0,
  metadata      TEXT NOT NULL DEFAULT '',        -- the Upload-Metadata header as given (echoed by HEAD)
  filename      TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,                   -- video | audio | photo | document
  step          TEXT NOT NULL DEFAULT '',
  device        TEXT NOT NULL DEFAULT '',
  recorded_at   TEXT NOT NULL DEFAULT '',        -- ISO UTC by the device's clock ('' unknown)
  sha256        TEXT NOT NULL DEFAULT '',        -- set once every byte is held
  state         TEXT NOT NULL DEFAULT 'open',    -- open | done | terminated | expired | rejected (not media of its kind)
  error         TEXT NOT NULL DEFAULT '',        -- why it was rejected
  item_id       BIGINT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL                    -- ISO UTC: an open upload untouched until then is removed
);
CREATE INDEX av_uploads_expiry ON av_uploads(state, expires_at);

-- An A/V evidence item (音像记录) of a case: the original bytes are the blob named sha256 and never
-- change. step: the procedure step it covers.
CREATE TABLE av_items (
  id           {{id}},
  agency_id    BIGINT NOT NULL REFERENCES agencies(id),
  case_id      BIGINT NOT NULL REFERENCES rec_cases(id),
  step         TEXT NOT NULL,
  kind         TEXT NOT NULL,                    -- video | audio | photo | document
  filename     TEXT NOT NULL DEFAULT '',
  sha256       TEXT NOT NULL,
  size_bytes   BIGINT NOT NULL,
  recorder_id  BIGINT NOT NULL REFERENCES people(id),
  device       TEXT NOT NULL DEFAULT '',
  recorded_at  TEXT NOT NULL DEFAULT '',        -- by the device's clock ('' unknown)
  uploaded_at  TEXT NOT NULL,
  upload_id    TEXT NOT NULL DEFAULT '',
  duration_ms  BIGINT NOT NULL DEFAULT 0,
  media        TEXT NOT NULL DEFAULT '{}',      -- av::MediaFacts as JSON (ffprobe)
  thumb_sha256 TEXT NOT NULL DEFAULT '',        -- JPEG thumbnail blob ('' none)
  clock_flag   INTEGER NOT NULL DEFAULT 0,      -- 1: the device's clock disagrees with the server's (both times kept)
  ledger_index BIGINT
);
CREATE INDEX av_items_case ON av_items(case_id, step, id);

-- The chain of custody (监管链): every view and download of an original — who, when, why.
CREATE TABLE av_custody (
  id        {{id}},
  item_id   BIGINT NOT NULL REFERENCES av_items(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  action    TEXT NOT NULL,                       -- view | download | export
  reason    TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL
);
CREATE INDEX av_custody_item ON av_custody(item_id, id);

-- 免予音像记录: the head's approval for a step that requires A/V (device failure …); its own act.
CREATE TABLE av_exemptions (
  id           {{id}},
  case_id      BIGINT NOT NULL REFERENCES rec_cases(id),
  step         TEXT NOT NULL,
  reason       TEXT NOT NULL,                    -- device_failure | other
  note         TEXT NOT NULL,
  approved_by  BIGINT NOT NULL REFERENCES people(id),
  at           TEXT NOT NULL,
  ledger_index BIGINT
);
CREATE INDEX av_exemptions_case ON av_exemptions(case_id, step);

-- 音像记录设备 (执法记录仪, cameras, handheld terminals): the registry per agency and who holds each.
CREATE TABLE av_devices (
  id          {{id}},
  agency_id   BIGINT NOT NULL REFERENCES agencies(id),
  code        TEXT NOT NULL,                     -- the agency's asset number, e.g. JNWQB-JZY-01
  kind        TEXT NOT NULL,                     -- body_camera | camera | terminal
  assigned_to BIGINT REFERENCES people(id),
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  UNIQUE (agency_id, code)
);
