-- Legal primitives (src/law): imported working-day calendar notices and document-number counters.

-- A State Council notice imported with `zhifa law calendar import FILE` (the official notices up
-- to the build are compiled in from data/calendar.json; these add or replace years).
CREATE TABLE law_calendar_notices (
  year    INTEGER PRIMARY KEY,
  papers  TEXT NOT NULL            -- JSON array of the notice URLs on gov.cn
);

-- One day a notice names: off = 1 for a holiday, 0 for a make-up working day (调休).
CREATE TABLE law_calendar_days (
  date    TEXT PRIMARY KEY,        -- YYYY-MM-DD
  off     INTEGER NOT NULL,
  name    TEXT NOT NULL,           -- e.g. 国庆节
  source  TEXT NOT NULL            -- "notice:YYYY": the notice year that decided the day
);

-- The last document number (发文字号) issued per agency code, document kind and year. Allocation
-- increments `last` in the caller's transaction, so a rolled-back document gives its number back.
CREATE TABLE law_doc_counters (
  agency  TEXT NOT NULL,           -- agency code (机关代字), e.g. 济外侨
  kind    TEXT NOT NULL,           -- document kind code, e.g. 许
  year    INTEGER NOT NULL,
  last    BIGINT NOT NULL,
  PRIMARY KEY (agency, kind, year)
);
