// AnalyticsStore on SQLite: aggregate queries over follows, follow_events, posts, accounts and
// verdicts. Safe for concurrent use (reads only).
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteAnalyticsStore : public AnalyticsStore {
 public:
  explicit SqliteAnalyticsStore(Db* db) : db_(*db) {}
  Result<std::vector<FanBucket>> CountFansByBucket(Id account_id, int64_t bucket_ms) override;
  Result<std::vector<EndedFollow>> ListEndedFollows(Id account_id, TimeMs since,
                                                    int limit) override;
  Result<std::vector<PostBucket>> CountPostsByBucket(Id author_id, TimeMs since,
                                                     int64_t bucket_ms) override;
  Result<std::vector<Id>> ListBestPostIds(Id author_id, TimeMs since, int limit) override;
  Result<FanAudit> AuditFans(Id account_id, int examples) override;
  Result<std::vector<std::pair<Id, Id>>> ListFansOf(const std::vector<Id>& accounts) override;
  Result<std::vector<Id>> ListNotCredibleIds() override;
  Result<std::vector<CascadeLink>> ListCascadeLinks(Id root_id, int limit) override;
  Result<SharedFans> CountSharedFans(Id a, Id b) override;
  Status PutSeedingRun(const SeedingRun& run) override;
  Status FinishSeedingRun(const SeedingRun& run) override;
  Result<SeedingRun> GetSeedingRun(Id id) override;
  Result<std::vector<SeedingRun>> ListSeedingRuns(Id owner_id, const Page& page) override;
  Result<int64_t> FailRunningSeedingRuns(const std::string& error, TimeMs at) override;

 private:
  Db& db_;
};

}  // namespace cw::sqlite
