// SearchStore on SQLite FTS5 (schema/0002_search.sql). Safe for concurrent use.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteSearchStore : public SearchStore {
 public:
  explicit SqliteSearchStore(Db* db) : db_(*db) {}
  Result<std::vector<IndexTask>> ListIndexTasks(int limit, int64_t below_seq) override;
  Result<int64_t> CountIndexTasks() override;
  Status DeleteIndexTasks(const std::vector<int64_t>& seqs) override;
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
};

// The FTS5 MATCH expression of `q`: (P1 AND P2 ...) NOT (N1 OR N2 ...), each phrase quoted.
std::string Fts5MatchExpression(const TermQuery& q);

}  // namespace cw::sqlite
