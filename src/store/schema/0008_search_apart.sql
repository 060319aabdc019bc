-- The search index has a file of its own (store/sqlite/sqlite_search.h), written by a writer of
-- its own beside this file's. What was indexed here was copied there before this runs; the
-- queue of indexing tasks (search_outbox and its triggers) stays here, in the transactions that
-- write the documents.
DROP TABLE IF EXISTS post_fts;
DROP TABLE IF EXISTS comment_fts;
DROP TABLE IF EXISTS account_fts;
DROP TABLE IF EXISTS topic_fts;
DROP TABLE IF EXISTS search_topics;
