-- Full-text search (src/search/). The indexes hold terms made by the application's analyzer, not
-- raw text: a document is one string of space-separated terms, which FTS5's ascii tokenizer
-- splits back into the same terms (every non-ASCII character is a term character; '#', '@' and
-- '_' are made term characters so exact topic and mention terms survive).
--
-- Posts and comments are never edited, so their indexes are contentless (content=''): only the
-- inverted index is kept, rowid is the post or comment id, and deleted rows are dropped by a join
-- at query time. Accounts and topics change, so their indexes keep their content.
CREATE VIRTUAL TABLE post_fts USING fts5(terms, content='', tokenize="ascii tokenchars '#@_'");
CREATE VIRTUAL TABLE comment_fts USING fts5(terms, content='', tokenize="ascii tokenchars '#@_'");
CREATE VIRTUAL TABLE account_fts USING fts5(handle, name, bio, tokenize="ascii tokenchars '#@_'");

-- Topics seen in public posts, for hashtag search; topic_fts has the terms of each name.
CREATE TABLE search_topics (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  posts_count BIGINT NOT NULL DEFAULT 0,
  last_at BIGINT NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE topic_fts USING fts5(terms, tokenize="ascii tokenchars '#@_'");

-- The indexing outbox: a row per document to (re)index, written by triggers in the transaction
-- that writes the document, so nothing committed is missed after a crash and bulk imports queue
-- themselves. The indexer deletes rows in the transaction that indexes them.
CREATE TABLE search_outbox (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref_id BIGINT NOT NULL
);
CREATE TRIGGER search_outbox_post AFTER INSERT ON posts WHEN NEW.text <> '' BEGIN
  INSERT INTO search_outbox (kind, ref_id) VALUES ('post', NEW.id);
END;
CREATE TRIGGER search_outbox_comment AFTER INSERT ON comments WHEN NEW.text <> '' BEGIN
  INSERT INTO search_outbox (kind, ref_id) VALUES ('comment', NEW.id);
END;
CREATE TRIGGER search_outbox_account AFTER INSERT ON accounts BEGIN
  INSERT INTO search_outbox (kind, ref_id) VALUES ('account', NEW.id);
END;
CREATE TRIGGER search_outbox_account_profile AFTER UPDATE OF display_name, bio ON accounts
  WHEN OLD.display_name IS NOT NEW.display_name OR OLD.bio IS NOT NEW.bio BEGIN
  INSERT INTO search_outbox (kind, ref_id) VALUES ('account', NEW.id);
END;

-- What was stored before this migration.
INSERT INTO search_outbox (kind, ref_id) SELECT 'account', id FROM accounts ORDER BY id;
INSERT INTO search_outbox (kind, ref_id) SELECT 'comment', id FROM comments WHERE text <> '' ORDER BY id;
INSERT INTO search_outbox (kind, ref_id) SELECT 'post', id FROM posts WHERE text <> '' ORDER BY id;
