-- Issue 15: the decisions list is "newest publication first" — and search stays fast because it
-- walks its indexes in that order rather than sorting. Each decision gets, when it is published,
-- its place in the publication order: pub_order = (days since 1970-01-01 of published_on) × 2^20
-- + its number among that day's publications; the B-tree indexes are keyed on it instead of the
-- row id, which only said when the row was opened.
ALTER TABLE pub_decisions ADD COLUMN pub_order BIGINT;
UPDATE pub_decisions SET pub_order = x.o FROM (
  SELECT id, (CAST(published_on AS date) - DATE '1970-01-01') * 1048576::bigint
             + ROW_NUMBER() OVER (PARTITION BY published_on ORDER BY published_at, id) AS o
  FROM pub_decisions WHERE published_on IS NOT NULL) x
WHERE x.id = pub_decisions.id;
CREATE UNIQUE INDEX pub_decisions_order ON pub_decisions(pub_order);
DROP INDEX pub_decisions_public;
DROP INDEX pub_decisions_agency;
DROP INDEX pub_decisions_category;
DROP INDEX pub_decisions_date;
CREATE INDEX pub_decisions_public ON pub_decisions(state, pub_order);
CREATE INDEX pub_decisions_agency ON pub_decisions(agency_id, state, pub_order);
CREATE INDEX pub_decisions_category ON pub_decisions(state, category, pub_order);
CREATE INDEX pub_decisions_date ON pub_decisions(state, decision_date, pub_order);
ANALYZE pub_decisions;
