-- Integrity: member reports, moderation cases (from reports and from the detectors) with the
-- accounts they name, the audit log of moderator actions, and each account's latest verdict.
--
-- Honest counts: every count exists twice. The raw counters stay as they are; beside them the
-- suspect_* counters hold the part that came from accounts that are not credible, so the real
-- figure is raw - suspect. A scan recomputes them exactly; between scans each write by a
-- non-credible account moves both.

ALTER TABLE accounts ADD COLUMN credible INTEGER NOT NULL DEFAULT 1;
ALTER TABLE accounts ADD COLUMN suspect_fans_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN suspect_forwards_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN suspect_comments_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE posts ADD COLUMN suspect_likes_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN moderation_id BIGINT NOT NULL DEFAULT 0;
-- A moderator's recount reads what one account commented on.
CREATE INDEX comments_author ON comments (author_id, id);

CREATE TABLE reports (
  id BIGINT PRIMARY KEY,
  reporter_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  post_id BIGINT NOT NULL DEFAULT 0,
  comment_id BIGINT NOT NULL DEFAULT 0,
  category TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  case_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX reports_case ON reports (case_id, id);
CREATE INDEX reports_reporter ON reports (reporter_id, account_id, id);

CREATE TABLE cases (
  id BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  account_id BIGINT NOT NULL,
  score REAL NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  fingerprint TEXT,
  members_count BIGINT NOT NULL DEFAULT 0,
  reports_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolution TEXT NOT NULL DEFAULT '',
  resolved_by BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX cases_state ON cases (state, id);
CREATE INDEX cases_account ON cases (account_id, state, id);
CREATE UNIQUE INDEX cases_fingerprint ON cases (fingerprint);

CREATE TABLE case_accounts (
  case_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (case_id, role, account_id)
) WITHOUT ROWID;
CREATE INDEX case_accounts_account ON case_accounts (account_id, case_id);

CREATE TABLE moderation_log (
  id BIGINT PRIMARY KEY,
  moderator_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  case_id BIGINT NOT NULL DEFAULT 0,
  account_id BIGINT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_account ON moderation_log (account_id, id);

-- The latest scan's verdict per account. `cleared` is a moderator's "not a bot" (a dismissed
-- detector case): later scans still record scores but the account stays credible.
CREATE TABLE verdicts (
  account_id BIGINT PRIMARY KEY,
  zombie REAL NOT NULL DEFAULT 0,
  water_army REAL NOT NULL DEFAULT 0,
  spam_bot REAL NOT NULL DEFAULT 0,
  credibility REAL NOT NULL DEFAULT 1,
  labels TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '',
  scanned_at BIGINT NOT NULL,
  cleared INTEGER NOT NULL DEFAULT 0
);
