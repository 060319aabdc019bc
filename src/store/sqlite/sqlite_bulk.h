// The SQLite BulkLoader (see store.h). Not thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteBulkLoader : public BulkLoader {
 public:
  static Result<std::unique_ptr<BulkLoader>> Open(Db* db, bool drop_indexes);
  ~SqliteBulkLoader() override;
  Result<std::vector<std::pair<std::string, Id>>> ListAccountExternalIds() override;
  Result<std::vector<std::pair<std::string, Id>>> ListPostExternalIds() override;
  Result<std::vector<std::pair<std::string, Id>>> ListCommentExternalIds() override;
  Result<std::vector<std::pair<std::string, Id>>> ListHandles() override;
  Result<bool> AddAccount(const Account& a) override;
  Status QueueFollow(const Follow& f) override;
  Result<int64_t> FlushFollows() override;
  Result<bool> RemoveFollow(Id follower_id, Id followee_id, TimeMs at) override;
  Result<bool> AddPost(const Post& p, const std::vector<Id>& mentioned_ids) override;
  Result<bool> AddComment(const Comment& c) override;
  Result<bool> AddPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) override;
  Result<bool> AddCommentLike(Id comment_id, Id account_id, TimeMs at) override;
  Result<bool> AddBlock(Id account_id, Id target_id, TimeMs at) override;
  Status Checkpoint() override;
  Status Finish() override;

 private:
  // A follow waiting to be written with its follow_events row.
  struct QueuedFollow {
    Id follower_id;
    Id followee_id;
    Id id;
    TimeMs at;
    int64_t seq;  // queue order; negative once known not to be written
  };
  SqliteBulkLoader() = default;
  Status WriteQueuedFollows();
  std::unique_ptr<Conn> conn_;
  std::vector<QueuedFollow> follows_;
  int64_t queued_ = 0;  // follows ever queued, for QueuedFollow::seq
  int64_t follows_written_ = 0;  // since the last FlushFollows
  std::vector<std::pair<std::string, Id>> dropped_;  // (CREATE INDEX sql, unused)
  bool open_ = false;
};

}  // namespace cw::sqlite
