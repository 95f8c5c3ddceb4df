-- The workspace's paged case list (issue 16): filtered by agency and state, newest opened
-- first by default; the page and its capped count walk these instead of sorting the agency's
-- cases.
CREATE INDEX rec_cases_agency_opened ON rec_cases(agency_id, status, opened_on, id);
CREATE INDEX rec_cases_agency_opened_all ON rec_cases(agency_id, opened_on, id);
