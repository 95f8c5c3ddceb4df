-- Organisations and people: agencies in a hierarchy (city → counties/zones) with sections,
-- people with roles, enforcement certificates, login sessions, API tokens.
CREATE TABLE agencies (
  id            {{id}},
  code          TEXT NOT NULL UNIQUE,          -- short stable code used in URLs, e.g. jnwqb
  doc_prefix    TEXT NOT NULL,                 -- 发文字号 agency code, e.g. 济外侨
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL,                 -- city | county | zone | other
  parent_id     BIGINT REFERENCES agencies(id),
  division_code TEXT NOT NULL DEFAULT '',      -- GB/T 2260
  address       TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL
);

CREATE TABLE sections (
  id        {{id}},
  agency_id BIGINT NOT NULL REFERENCES agencies(id),
  name      TEXT NOT NULL,
  duties    TEXT NOT NULL DEFAULT '',
  UNIQUE (agency_id, name)
);

CREATE TABLE people (
  id            {{id}},
  agency_id     BIGINT NOT NULL REFERENCES agencies(id),
  section_id    BIGINT REFERENCES sections(id),
  name          TEXT NOT NULL,
  login         TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,                 -- argon2id (libsodium crypto_pwhash_str)
  post          TEXT NOT NULL DEFAULT '',      -- 职务
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL
);

-- Roles: officer, legal_reviewer, legal_adviser, agency_head, publicity_editor, supervisor, admin.
CREATE TABLE person_roles (
  person_id BIGINT NOT NULL REFERENCES people(id),
  role      TEXT NOT NULL,
  PRIMARY KEY (person_id, role)
);

-- 执法证: an officer may act only while a certificate is valid (from ≤ today ≤ to, not revoked).
CREATE TABLE certificates (
  id         {{id}},
  person_id  BIGINT NOT NULL REFERENCES people(id),
  number     TEXT NOT NULL UNIQUE,
  scope      TEXT NOT NULL,                    -- 执法种类 / area of enforcement
  valid_from TEXT NOT NULL,
  valid_to   TEXT NOT NULL,
  revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,                 -- SHA-256 of the cookie value; the value is never stored
  person_id  BIGINT NOT NULL REFERENCES people(id),
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at BIGINT NOT NULL,                  -- unix seconds
  address    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE login_failures (
  id      {{id}},
  key     TEXT NOT NULL,                       -- "login:<name>" or "addr:<address>"
  at_unix BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at_unix);

CREATE TABLE api_tokens (
  id           {{id}},
  person_id    BIGINT NOT NULL REFERENCES people(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,           -- SHA-256 of the token; shown once at creation
  scopes       TEXT NOT NULL,                  -- space-separated permissions, e.g. "law.use ledger.read"
  created_at   TEXT NOT NULL,
  revoked_at   TEXT
);
