-- Search over published decisions on PostgreSQL: literal lexemes from the app-side CJK
-- tokenizer of the masked public record, set at publication and cleared at withdrawal/expiry.
ALTER TABLE pub_decisions ADD COLUMN tsv tsvector;
CREATE INDEX pub_decisions_tsv ON pub_decisions USING GIN (tsv);
