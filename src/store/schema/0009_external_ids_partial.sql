-- Only imported objects carry an external id (the file id of ../shared/world-format.md); what is
-- created here has none. Their NULLs need no entry in the unique indexes, and every new post,
-- comment and account then writes one index fewer. Lookups by external id (external_id = ?)
-- use the partial indexes as before.
DROP INDEX IF EXISTS accounts_external_id;
CREATE UNIQUE INDEX accounts_external_id ON accounts (external_id) WHERE external_id IS NOT NULL;
DROP INDEX IF EXISTS posts_external_id;
CREATE UNIQUE INDEX posts_external_id ON posts (external_id) WHERE external_id IS NOT NULL;
DROP INDEX IF EXISTS comments_external_id;
CREATE UNIQUE INDEX comments_external_id ON comments (external_id) WHERE external_id IS NOT NULL;
