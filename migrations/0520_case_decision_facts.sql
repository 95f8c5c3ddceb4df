-- Issue 14: every fact the legal review catalog (review_catalog_rules) can test is recorded on
-- the case, and the discretion band (裁量基准情节) the officer applied.
ALTER TABLE rec_cases ADD COLUMN confiscation_fen BIGINT NOT NULL DEFAULT 0;   -- 没收违法所得、非法财物 (value, fen)
ALTER TABLE rec_cases ADD COLUMN measures TEXT NOT NULL DEFAULT '[]';          -- JSON array of measure codes (revoke_licence …)
ALTER TABLE rec_cases ADD COLUMN is_complex INTEGER NOT NULL DEFAULT 0;        -- 疑难复杂、涉及多个法律关系
ALTER TABLE rec_cases ADD COLUMN social_impact INTEGER NOT NULL DEFAULT 0;     -- 重大公共利益、重大社会影响
ALTER TABLE rec_cases ADD COLUMN proposed_decision TEXT NOT NULL DEFAULT '';   -- the decision transition proposed ('' = the first)
ALTER TABLE rec_cases ADD COLUMN band_facts TEXT NOT NULL DEFAULT '';          -- the band applied, as published
ALTER TABLE rec_cases ADD COLUMN band_penalty TEXT NOT NULL DEFAULT '';
ALTER TABLE rec_cases ADD COLUMN band_min_fen BIGINT;
ALTER TABLE rec_cases ADD COLUMN band_max_fen BIGINT;
ALTER TABLE rec_cases ADD COLUMN outside_band_reason TEXT NOT NULL DEFAULT ''; -- why the penalty leaves the band
