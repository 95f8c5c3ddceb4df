-- Case lists newest first without a status filter (?status=all): an officer's cases as lead or
-- co-officer, and an agency's cases, walk these indexes backwards instead of sorting every case.
CREATE INDEX rec_cases_lead_id ON rec_cases(lead_officer_id, id);
CREATE INDEX rec_cases_co_id ON rec_cases(co_officer_id, id);
CREATE INDEX rec_cases_agency_id ON rec_cases(agency_id, id);
