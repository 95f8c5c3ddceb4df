-- Platform tables: settings and the access log of who viewed or changed what.
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE access_log (
  id          {{id}},
  at          TEXT NOT NULL,
  person_id   BIGINT,
  address     TEXT NOT NULL,
  method      TEXT NOT NULL,
  path        TEXT NOT NULL,
  action      TEXT NOT NULL,      -- the permission that was checked, e.g. org.person.edit
  subject     TEXT NOT NULL,      -- what was viewed or changed, e.g. person:12
  allowed     INTEGER NOT NULL,
  status      INTEGER NOT NULL
);
CREATE INDEX access_log_person ON access_log(person_id, at);
