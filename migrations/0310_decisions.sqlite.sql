-- Search over published decisions on SQLite: FTS5 over the app-side CJK tokens of the masked
-- public record (unicode61 keeps each token whole; DESIGN.md). rowid = pub_decisions.id; a row
-- is here exactly while its decision is published (same transaction as the state change).
CREATE VIRTUAL TABLE pub_decisions_fts USING fts5(tokens, tokenize = 'unicode61', detail = 'none');
