-- 双随机、一公开 (issue 18, second part): each drawn object is inspected as a case on the
-- 行政检查 procedure (recording), and a result with a violation can open a penalty case.
-- Plans get a draft step (status 'draft', number allocated when the 抽查计划公告 is published).
ALTER TABLE insp_inspections ADD COLUMN case_id BIGINT REFERENCES rec_cases(id);
ALTER TABLE insp_inspections ADD COLUMN penalty_case_id BIGINT REFERENCES rec_cases(id);
CREATE INDEX insp_inspections_case ON insp_inspections(case_id);
CREATE INDEX insp_objects_filter ON insp_objects(agency_id, object_type, region, risk_grade);
