-- Core platform: accounts, sessions, relations, groups, posts, comments, likes, messages,
-- notifications. BIGINT ids, TEXT enums, times in Unix ms; standard SQL apart from SQLite's
-- WITHOUT ROWID on pair tables (one B-tree per table instead of a table plus its key index),
-- which a PostgreSQL schema leaves out.

CREATE TABLE accounts (
  id BIGINT PRIMARY KEY,
  handle TEXT NOT NULL,
  handle_lower TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'personal',
  verification TEXT NOT NULL DEFAULT 'none',
  verification_reason TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL DEFAULT 'member',
  state TEXT NOT NULL DEFAULT 'active',
  dm_policy TEXT NOT NULL DEFAULT 'everyone',
  comment_policy TEXT NOT NULL DEFAULT 'everyone',
  password_hash TEXT NOT NULL DEFAULT '',
  signup_ip TEXT NOT NULL DEFAULT '',
  external_id TEXT,
  has_avatar INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  fans_count BIGINT NOT NULL DEFAULT 0,
  following_count BIGINT NOT NULL DEFAULT 0,
  posts_count BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_external_id ON accounts (external_id);

CREATE TABLE sessions (
  id BIGINT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  client TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE follows (
  follower_id BIGINT NOT NULL,
  followee_id BIGINT NOT NULL,
  id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
) WITHOUT ROWID;
CREATE INDEX follows_followee ON follows (followee_id, id);
CREATE INDEX follows_follower_id ON follows (follower_id, id);

-- Every follow and unfollow with its time: fan growth and zombie-burst analysis read this.
CREATE TABLE follow_events (
  follower_id BIGINT NOT NULL,
  followee_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX follow_events_followee ON follow_events (followee_id, at);

CREATE TABLE blocks (
  account_id BIGINT NOT NULL,
  target_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, target_id)
) WITHOUT ROWID;
CREATE INDEX blocks_target ON blocks (target_id);

CREATE TABLE mutes (
  account_id BIGINT NOT NULL,
  target_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, target_id)
) WITHOUT ROWID;

CREATE TABLE followee_groups (
  id BIGINT PRIMARY KEY,
  owner_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX followee_groups_owner ON followee_groups (owner_id);

CREATE TABLE followee_group_members (
  group_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  owner_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (group_id, account_id)
) WITHOUT ROWID;
CREATE INDEX followee_group_members_owner ON followee_group_members (owner_id, account_id);

CREATE TABLE posts (
  id BIGINT PRIMARY KEY,
  author_id BIGINT NOT NULL,
  text TEXT NOT NULL,
  visibility TEXT NOT NULL,
  group_id BIGINT NOT NULL DEFAULT 0,
  is_long INTEGER NOT NULL DEFAULT 0,
  comment_policy TEXT NOT NULL DEFAULT 'everyone',
  root_id BIGINT NOT NULL DEFAULT 0,
  parent_id BIGINT NOT NULL DEFAULT 0,
  source_comment_id BIGINT NOT NULL DEFAULT 0,
  chain TEXT NOT NULL DEFAULT '',
  entities TEXT NOT NULL DEFAULT '',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT NOT NULL DEFAULT 0,
  forwards_count BIGINT NOT NULL DEFAULT 0,
  comments_count BIGINT NOT NULL DEFAULT 0,
  likes_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX posts_author ON posts (author_id, id);
CREATE INDEX posts_parent ON posts (parent_id, id);
CREATE INDEX posts_root ON posts (root_id, id);
CREATE UNIQUE INDEX posts_external_id ON posts (external_id);

CREATE TABLE post_mentions (
  post_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  PRIMARY KEY (post_id, account_id)
) WITHOUT ROWID;
CREATE INDEX post_mentions_account ON post_mentions (account_id, post_id);

CREATE TABLE post_likes (
  id BIGINT NOT NULL,
  post_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, account_id)
) WITHOUT ROWID;
CREATE INDEX post_likes_account ON post_likes (account_id, post_id);
CREATE INDEX post_likes_post_id ON post_likes (post_id, id);

CREATE TABLE comments (
  id BIGINT PRIMARY KEY,
  post_id BIGINT NOT NULL,
  author_id BIGINT NOT NULL,
  reply_to_id BIGINT NOT NULL DEFAULT 0,
  reply_to_account_id BIGINT NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  entities TEXT NOT NULL DEFAULT '',
  external_id TEXT,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT NOT NULL DEFAULT 0,
  likes_count BIGINT NOT NULL DEFAULT 0,
  replies_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX comments_post ON comments (post_id, id);
CREATE INDEX comments_reply_to ON comments (reply_to_id, id);
CREATE UNIQUE INDEX comments_external_id ON comments (external_id);

CREATE TABLE comment_likes (
  comment_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (comment_id, account_id)
) WITHOUT ROWID;
CREATE INDEX comment_likes_account ON comment_likes (account_id, comment_id);

CREATE TABLE conversations (
  id BIGINT PRIMARY KEY,
  account_a BIGINT NOT NULL,
  account_b BIGINT NOT NULL,
  last_message_id BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  UNIQUE (account_a, account_b)
);

CREATE TABLE conversation_members (
  conversation_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  other_id BIGINT NOT NULL,
  unread_count BIGINT NOT NULL DEFAULT 0,
  is_request INTEGER NOT NULL DEFAULT 0,
  last_message_id BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (conversation_id, account_id)
) WITHOUT ROWID;
CREATE INDEX conversation_members_account ON conversation_members (account_id, last_message_id);

CREATE TABLE messages (
  id BIGINT PRIMARY KEY,
  conversation_id BIGINT NOT NULL,
  sender_id BIGINT NOT NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

CREATE TABLE notifications (
  id BIGINT PRIMARY KEY,
  account_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  from_account_id BIGINT NOT NULL DEFAULT 0,
  post_id BIGINT NOT NULL DEFAULT 0,
  comment_id BIGINT NOT NULL DEFAULT 0,
  message_id BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  is_read INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notifications_account ON notifications (account_id, id);
