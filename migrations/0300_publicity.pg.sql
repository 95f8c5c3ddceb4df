-- Chinese search on PostgreSQL: a tsvector built from the app-side tokens as literal lexemes
-- (no text-search parser in between, so CJK lexemes survive any locale), with a GIN index.
ALTER TABLE publicity_rows ADD COLUMN tsv tsvector;
CREATE INDEX publicity_rows_tsv ON publicity_rows USING GIN (tsv);
