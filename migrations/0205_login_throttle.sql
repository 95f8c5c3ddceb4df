-- Login throttling (org/auth.h): one counter row per key, bumped in one statement before the
-- password is checked, so that concurrent attempts each see their own number.
CREATE TABLE login_throttle (
  key          TEXT PRIMARY KEY,              -- "pair:<address> <login>", "addr:<address>" or "acct:<login>"
  attempts     BIGINT NOT NULL,               -- attempts counted in the current window
  window_start BIGINT NOT NULL,               -- unix seconds; the window is kFailureWindowSeconds long
  not_before   BIGINT NOT NULL DEFAULT 0      -- acct: no attempt before this time (the growing delay)
);
DROP TABLE login_failures;
