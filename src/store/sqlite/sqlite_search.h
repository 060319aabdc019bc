// SearchStore on SQLite FTS5. The queue of indexing tasks lives in the store's file (its triggers
// fill it in the transactions that write posts, comments and accounts); the index itself lives in
// a file of its own (IndexPath), written by that file's own writer thread and attached to the
// store's read connections under the schema name `search`, where queries join it to the rows.
// Safe for concurrent use.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

// The index's file beside the store's `store_path`: "clearwater.db" -> "clearwater-search.db".
std::string IndexPath(const std::string& store_path);
// The index file's own migrations (its full-text tables and topics).
const std::vector<std::pair<int, std::string>>& IndexMigrations();
// Stores made before the index had a file of its own (schema/0002_search.sql put it in the
// store's file, and 0008 drops it there): copies the index's tables from `store_path` into the
// index file, as they are (no document is analysed again); true if it did. Does nothing if the
// store's file has no index. Run before the store's migrations, while no writer has either file
// open; a crash midway leaves the store's copy in place, and the next run copies again.
Result<bool> MoveIndexOut(const std::string& store_path, const std::string& index_path);
// For a store whose index file was lost (a backup of the store's file alone): queues every
// account, comment and post for indexing again. A statement to run in a write of the store.
extern const char* const kRequeueEverything;

class SqliteSearchStore : public SearchStore {
 public:
  // `db`: the store's file (with the index attached to its reads); `index`: the index's file.
  SqliteSearchStore(Db* db, Db* index) : db_(*db), index_(*index) {}
  Result<std::vector<IndexTask>> ListIndexTasks(int limit, int64_t below_seq) override;
  Result<int64_t> CountIndexTasks() override;
  Status DeleteIndexTasks(const std::vector<int64_t>& seqs) override;
  Status WriteIndex(const std::function<Status()>& fn) override;
  Result<bool> HasTextDoc(SearchDocKind kind, Id id) override;
  Result<bool> PutTextDoc(SearchDocKind kind, Id id, const std::string& terms) override;
  Status PutAccountDoc(Id id, const std::string& handle_terms, const std::string& name_terms,
                       const std::string& bio_terms) override;
  Status AddTopicUse(const std::string& term, const std::string& name,
                     const std::string& name_terms, TimeMs at) override;
  Result<std::vector<PostHit>> SearchPosts(const TextSearch& q) override;
  Result<std::vector<CommentHit>> SearchComments(const TextSearch& q) override;
  Result<std::vector<AccountHit>> SearchAccounts(const TermQuery& q, int limit) override;
  Result<std::vector<TopicHit>> SearchTopics(const TermQuery& q, int limit) override;
  Result<TopicHit> GetTopicByTerm(const std::string& term) override;

 private:
  Db& db_;
  Db& index_;
};

// The FTS5 MATCH expression of `q`: (P1 AND P2 ...) NOT (N1 OR N2 ...), each phrase quoted.
std::string Fts5MatchExpression(const TermQuery& q);

}  // namespace cw::sqlite
