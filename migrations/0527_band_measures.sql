-- Issue 14: a discretion band (裁量基准情节) names the measures (处罚种类, law/measures.h) it allows;
-- the case keeps those of the band applied, as published then. JSON array of measure codes; '[]'
-- for a band that does not limit the measures (and for every case decided before).
ALTER TABLE rec_cases ADD COLUMN band_measures TEXT NOT NULL DEFAULT '[]';
