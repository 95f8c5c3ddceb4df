-- Chinese search on SQLite: FTS5 over the app-side tokens (unicode61 keeps each CJK token
-- whole, so a 2-character word is one token; the trigram tokenizer would miss it — DESIGN.md).
CREATE VIRTUAL TABLE publicity_fts USING fts5(tokens, tokenize = 'unicode61');
