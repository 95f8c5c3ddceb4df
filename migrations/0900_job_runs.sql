-- Periodic jobs run once cluster-wide (issue 23): the last time any instance claimed each job
-- (store::claim_periodic_run). One row per job; `instance` names the last claimer (host:pid).
CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,
  last_unix BIGINT NOT NULL,
  instance TEXT NOT NULL,
  runs BIGINT NOT NULL
);
