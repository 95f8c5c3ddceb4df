-- Decision search (issue 8 benchmark): filters without a search word, newest first.
-- (state, category, id): a category alone is an index range read backwards, no scan of the rest.
-- (state, decision_date, id): a date range → the first and last id of each day in it (one seek
-- each), so the id-ordered FTS5 / GIN scan and the newest-first list skip the rows outside it.
CREATE INDEX pub_decisions_category ON pub_decisions(state, category, id);
CREATE INDEX pub_decisions_date ON pub_decisions(state, decision_date, id);
