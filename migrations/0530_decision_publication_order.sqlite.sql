-- Issue 15: the decisions list is "newest publication first" — and search stays fast because it
-- walks its indexes in that order rather than sorting. Each decision gets, when it is published,
-- its place in the publication order: pub_order = (days since 1970-01-01 of published_on) × 2^20
-- + its number among that day's publications. The search index (FTS5 rowid here, the B-tree
-- indexes below) is keyed on it instead of the row id, which only said when the row was opened.
ALTER TABLE pub_decisions ADD COLUMN pub_order BIGINT;
UPDATE pub_decisions SET pub_order = x.o FROM (
  SELECT id, CAST(julianday(published_on) - julianday('1970-01-01') AS INTEGER) * 1048576
             + ROW_NUMBER() OVER (PARTITION BY published_on ORDER BY published_at, id) AS o
  FROM pub_decisions WHERE published_on IS NOT NULL) x
WHERE x.id = pub_decisions.id;
CREATE UNIQUE INDEX pub_decisions_order ON pub_decisions(pub_order);
-- The full-text rows move from rowid = id to rowid = pub_order.
CREATE TEMP TABLE pub_decisions_fts_rekey AS
  SELECT d.pub_order AS r, f.tokens AS tokens FROM pub_decisions_fts f JOIN pub_decisions d ON d.id = f.rowid;
DELETE FROM pub_decisions_fts;
INSERT INTO pub_decisions_fts(rowid, tokens) SELECT r, tokens FROM pub_decisions_fts_rekey;
DROP TABLE pub_decisions_fts_rekey;
DROP INDEX pub_decisions_public;
DROP INDEX pub_decisions_agency;
DROP INDEX pub_decisions_category;
DROP INDEX pub_decisions_date;
CREATE INDEX pub_decisions_public ON pub_decisions(state, pub_order);
CREATE INDEX pub_decisions_agency ON pub_decisions(agency_id, state, pub_order);
CREATE INDEX pub_decisions_category ON pub_decisions(state, category, pub_order);
CREATE INDEX pub_decisions_date ON pub_decisions(state, decision_date, pub_order);
ANALYZE pub_decisions;
