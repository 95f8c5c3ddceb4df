-- Statistics for the new indexes next to those of the old ones (a database analysed before this
-- migration would otherwise rate the new indexes as highly selective and sort a whole table by id).
-- Nothing is written for an empty table.
ANALYZE pub_decisions;
