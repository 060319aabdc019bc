-- Brand monitors (docs/analytics.md, "Monitors"): saved keywords and topics, the public posts
-- that matched them (recorded as the search indexer reads each new post, and backfilled over the
-- last 7 days when a monitor is made), and the bursts found in their volume.

CREATE TABLE monitors (
  id BIGINT PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  name TEXT NOT NULL,
  keywords TEXT NOT NULL DEFAULT '',   -- one per line
  topics TEXT NOT NULL DEFAULT '',     -- one per line
  webhook_url TEXT NOT NULL DEFAULT '',
  burst_factor REAL NOT NULL DEFAULT 3,
  min_posts BIGINT NOT NULL DEFAULT 10,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX monitors_owner ON monitors (owner_id, id);

CREATE TABLE monitor_hits (
  monitor_id BIGINT NOT NULL,
  post_id BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (monitor_id, post_id)
);
CREATE INDEX monitor_hits_at ON monitor_hits (monitor_id, at);

CREATE TABLE monitor_alerts (
  id BIGINT PRIMARY KEY,
  monitor_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  volume BIGINT NOT NULL,
  baseline REAL NOT NULL,
  spread REAL NOT NULL,
  interval_s BIGINT NOT NULL,
  delivered INTEGER NOT NULL DEFAULT 0,
  status_code BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX monitor_alerts_monitor ON monitor_alerts (monitor_id, id);

-- A monitor_alert notification names its alert.
ALTER TABLE notifications ADD COLUMN monitor_alert_id BIGINT NOT NULL DEFAULT 0;
