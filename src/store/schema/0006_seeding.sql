-- Campaign seeding runs (docs/analytics.md): the request and, once done, the result, both JSON as
-- the API shows them (accounts by id). A run left `running` by a stopped server is marked failed
-- at the next start.
CREATE TABLE seeding_runs (
  id BIGINT PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL DEFAULT 0,
  request TEXT NOT NULL,
  result TEXT NOT NULL DEFAULT '',
  error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX seeding_runs_owner ON seeding_runs (owner_id, id);
