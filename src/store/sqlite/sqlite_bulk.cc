// BulkLoader on SQLite: a connection of its own with synchronous=OFF, one long transaction
// committed at checkpoints, optional index drop/rebuild, and counters recomputed with set-based
// SQL at the end.
#include "store/sqlite/sqlite_bulk.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "common/log.h"
#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

// 32 M follows (1.3 GB) at most wait in memory; the 1M-account world has 28 M.
constexpr size_t kMaxQueuedFollows = size_t{1} << 25;
constexpr size_t kFollowsPerInsert = 128;

// User and system CPU seconds of the process so far.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

Result<std::vector<std::pair<std::string, Id>>> ListPairs(Conn& c, const std::string& sql) {
  Stmt q(c, sql);
  return Collect<std::pair<std::string, Id>>(
      q, [](Stmt& s) { return std::pair<std::string, Id>(s.Text(0), s.Int(1)); });
}

// Every denormalised counter, recomputed from the rows. Aggregates go to temporary tables first
// so each UPDATE is one indexed lookup per row rather than a correlated scan.
constexpr const char* kRecomputeCounters = R"sql(
CREATE TEMP TABLE cw_fans AS SELECT followee_id AS id, COUNT(*) AS n FROM follows GROUP BY followee_id;
CREATE TEMP TABLE cw_following AS SELECT follower_id AS id, COUNT(*) AS n FROM follows GROUP BY follower_id;
CREATE TEMP TABLE cw_posts AS SELECT author_id AS id, COUNT(*) AS n FROM posts WHERE deleted_at = 0 GROUP BY author_id;
CREATE UNIQUE INDEX temp.cw_fans_id ON cw_fans (id);
CREATE UNIQUE INDEX temp.cw_following_id ON cw_following (id);
CREATE UNIQUE INDEX temp.cw_posts_id ON cw_posts (id);
UPDATE accounts SET
  fans_count = COALESCE((SELECT n FROM cw_fans WHERE cw_fans.id = accounts.id), 0),
  following_count = COALESCE((SELECT n FROM cw_following WHERE cw_following.id = accounts.id), 0),
  posts_count = COALESCE((SELECT n FROM cw_posts WHERE cw_posts.id = accounts.id), 0);

-- A post's forwards: every live forward whose root it is, or whose direct parent it is.
CREATE TEMP TABLE cw_fwd AS
  SELECT id, SUM(n) AS n FROM (
    SELECT root_id AS id, COUNT(*) AS n FROM posts WHERE root_id <> 0 AND deleted_at = 0 GROUP BY root_id
    UNION ALL
    SELECT parent_id AS id, COUNT(*) AS n FROM posts
      WHERE parent_id <> 0 AND parent_id <> root_id AND deleted_at = 0 GROUP BY parent_id)
  GROUP BY id;
CREATE TEMP TABLE cw_cmt AS SELECT post_id AS id, COUNT(*) AS n FROM comments WHERE deleted_at = 0 GROUP BY post_id;
CREATE TEMP TABLE cw_lik AS SELECT post_id AS id, COUNT(*) AS n FROM post_likes GROUP BY post_id;
CREATE UNIQUE INDEX temp.cw_fwd_id ON cw_fwd (id);
CREATE UNIQUE INDEX temp.cw_cmt_id ON cw_cmt (id);
CREATE UNIQUE INDEX temp.cw_lik_id ON cw_lik (id);
UPDATE posts SET
  forwards_count = COALESCE((SELECT n FROM cw_fwd WHERE cw_fwd.id = posts.id), 0),
  comments_count = COALESCE((SELECT n FROM cw_cmt WHERE cw_cmt.id = posts.id), 0),
  likes_count = COALESCE((SELECT n FROM cw_lik WHERE cw_lik.id = posts.id), 0);

CREATE TEMP TABLE cw_clik AS SELECT comment_id AS id, COUNT(*) AS n FROM comment_likes GROUP BY comment_id;
CREATE TEMP TABLE cw_rep AS SELECT reply_to_id AS id, COUNT(*) AS n FROM comments WHERE reply_to_id <> 0 AND deleted_at = 0 GROUP BY reply_to_id;
CREATE UNIQUE INDEX temp.cw_clik_id ON cw_clik (id);
CREATE UNIQUE INDEX temp.cw_rep_id ON cw_rep (id);
UPDATE comments SET
  likes_count = COALESCE((SELECT n FROM cw_clik WHERE cw_clik.id = comments.id), 0),
  replies_count = COALESCE((SELECT n FROM cw_rep WHERE cw_rep.id = comments.id), 0);

DROP TABLE cw_fans; DROP TABLE cw_following; DROP TABLE cw_posts; DROP TABLE cw_fwd;
DROP TABLE cw_cmt; DROP TABLE cw_lik; DROP TABLE cw_clik; DROP TABLE cw_rep;
)sql";

}  // namespace

Result<std::unique_ptr<BulkLoader>> SqliteBulkLoader::Open(Db* db, bool drop_indexes) {
  std::unique_ptr<SqliteBulkLoader> b(new SqliteBulkLoader());
  CW_ASSIGN_OR_RETURN(b->conn_, db->OpenBulkConn());
  if (drop_indexes) {
    // Secondary, non-unique indexes only: unique keys are what makes a rerun add nothing.
    CW_ASSIGN_OR_RETURN(b->dropped_, ListPairs(*b->conn_, "SELECT sql, 0 FROM sqlite_master WHERE "
                                                        "type = 'index' AND sql IS NOT NULL AND "
                                                        "sql NOT LIKE 'CREATE UNIQUE%'"));
    for (const auto& [sql, unused] : b->dropped_) {
      // "CREATE INDEX name ON ..." -> name
      std::string name = sql.substr(13, sql.find(' ', 13) - 13);
      CW_RETURN_IF_ERROR(b->conn_->ExecScript("DROP INDEX IF EXISTS " + name));
    }
  }
  CW_RETURN_IF_ERROR(b->conn_->ExecScript("BEGIN"));
  b->open_ = true;
  return std::unique_ptr<BulkLoader>(std::move(b));
}

SqliteBulkLoader::~SqliteBulkLoader() {
  if (open_) (void)conn_->ExecScript("COMMIT");
}

Result<std::vector<std::pair<std::string, Id>>> SqliteBulkLoader::ListAccountExternalIds() {
  return ListPairs(*conn_, "SELECT external_id, id FROM accounts WHERE external_id IS NOT NULL");
}
Result<std::vector<std::pair<std::string, Id>>> SqliteBulkLoader::ListPostExternalIds() {
  return ListPairs(*conn_, "SELECT external_id, id FROM posts WHERE external_id IS NOT NULL");
}
Result<std::vector<std::pair<std::string, Id>>> SqliteBulkLoader::ListCommentExternalIds() {
  return ListPairs(*conn_, "SELECT external_id, id FROM comments WHERE external_id IS NOT NULL");
}
Result<std::vector<std::pair<std::string, Id>>> SqliteBulkLoader::ListHandles() {
  return ListPairs(*conn_, "SELECT handle_lower, id FROM accounts");
}

Result<bool> SqliteBulkLoader::AddAccount(const Account& a) { return InsertAccount(*conn_, a, true); }
Status SqliteBulkLoader::QueueFollow(const Follow& f) {
  follows_.push_back(QueuedFollow{f.follower_id, f.followee_id, f.id, f.created_at, queued_++});
  if (follows_.size() >= kMaxQueuedFollows) return WriteQueuedFollows();
  return OkStatus();
}

Status SqliteBulkLoader::WriteQueuedFollows() {
  if (follows_.empty()) return OkStatus();
  const auto start = std::chrono::steady_clock::now();
  const double start_cpu = CpuSeconds();
  const size_t queued = follows_.size();
  // Ties in queue order: of two follows with one key, the first queued is the one kept, as row
  // by row.
  std::sort(follows_.begin(), follows_.end(), [](const QueuedFollow& a, const QueuedFollow& b) {
    if (a.follower_id != b.follower_id) return a.follower_id < b.follower_id;
    if (a.followee_id != b.followee_id) return a.followee_id < b.followee_id;
    return a.seq < b.seq;
  });
  size_t unique = 0;  // follows_[0, unique): the first of each key
  for (size_t i = 0; i < follows_.size(); ++i) {
    if (unique == 0 || follows_[unique - 1].follower_id != follows_[i].follower_id ||
        follows_[unique - 1].followee_id != follows_[i].followee_id) {
      follows_[unique++] = follows_[i];
    }
  }
  follows_.resize(unique);
  bool empty = false;
  {
    Stmt q(*conn_, "SELECT NOT EXISTS (SELECT 1 FROM follows)");
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    empty = row && q.Int(0) != 0;
  }
  size_t i = 0;
  if (empty) {
    // Nothing can conflict: many rows per statement, far fewer statement executions.
    static const std::string kMany = [] {
      std::string sql = "INSERT INTO follows (follower_id, followee_id, id, created_at) VALUES ";
      for (size_t r = 0; r < kFollowsPerInsert; ++r) sql += r ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)";
      return sql;
    }();
    for (; i + kFollowsPerInsert <= follows_.size(); i += kFollowsPerInsert) {
      Stmt q(*conn_, kMany);
      int p = 1;
      for (size_t r = i; r < i + kFollowsPerInsert; ++r, p += 4) {
        const QueuedFollow& f = follows_[r];
        q.BindOne(p, f.follower_id);
        q.BindOne(p + 1, f.followee_id);
        q.BindOne(p + 2, f.id);
        q.BindOne(p + 3, f.at);
      }
      CW_RETURN_IF_ERROR(q.Run());
    }
  }
  for (; i < follows_.size(); ++i) {
    QueuedFollow& f = follows_[i];
    Stmt q(*conn_,
           "INSERT INTO follows (follower_id, followee_id, id, created_at) VALUES (?, ?, ?, ?) "
           "ON CONFLICT DO NOTHING");
    CW_RETURN_IF_ERROR(q.Bind(f.follower_id, f.followee_id, f.id, f.at).Run());
    if (q.Changes() == 0) f.seq = -1;
  }
  // The history of what was written, in the order of its (followee_id, at) index: that index is
  // then built from sorted rows, several times faster than from rows in file order.
  std::sort(follows_.begin(), follows_.end(), [](const QueuedFollow& a, const QueuedFollow& b) {
    if (a.followee_id != b.followee_id) return a.followee_id < b.followee_id;
    if (a.at != b.at) return a.at < b.at;
    return a.seq < b.seq;
  });
  for (const QueuedFollow& f : follows_) {
    if (f.seq < 0) continue;
    Stmt e(*conn_,
           "INSERT INTO follow_events (follower_id, followee_id, action, at) VALUES (?, ?, "
           "'follow', ?)");
    CW_RETURN_IF_ERROR(e.Bind(f.follower_id, f.followee_id, f.at).Run());
    ++follows_written_;
  }
  follows_.clear();
  follows_.shrink_to_fit();
  CW_LOG(kInfo, "") << "import: wrote " << queued << " queued follows in "
                    << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                    << " s (CPU " << CpuSeconds() - start_cpu << " s)";
  return OkStatus();
}

Result<int64_t> SqliteBulkLoader::FlushFollows() {
  CW_RETURN_IF_ERROR(WriteQueuedFollows());
  return std::exchange(follows_written_, 0);
}

Result<bool> SqliteBulkLoader::RemoveFollow(Id follower_id, Id followee_id, TimeMs at) {
  CW_RETURN_IF_ERROR(WriteQueuedFollows());
  return DeleteFollowRow(*conn_, follower_id, followee_id, at);
}
Result<bool> SqliteBulkLoader::AddPost(const Post& p, const std::vector<Id>& mentioned_ids) {
  return InsertPost(*conn_, p, mentioned_ids, true);
}
Result<bool> SqliteBulkLoader::AddComment(const Comment& c) { return InsertComment(*conn_, c, true); }

Result<bool> SqliteBulkLoader::AddPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) {
  Stmt q(*conn_,
         "INSERT INTO post_likes (id, post_id, account_id, created_at) VALUES (?, ?, ?, ?) ON "
         "CONFLICT DO NOTHING");
  CW_RETURN_IF_ERROR(q.Bind(like_id, post_id, account_id, at).Run());
  return q.Changes() > 0;
}

Result<bool> SqliteBulkLoader::AddCommentLike(Id comment_id, Id account_id, TimeMs at) {
  Stmt q(*conn_,
         "INSERT INTO comment_likes (comment_id, account_id, created_at) VALUES (?, ?, ?) ON "
         "CONFLICT DO NOTHING");
  CW_RETURN_IF_ERROR(q.Bind(comment_id, account_id, at).Run());
  return q.Changes() > 0;
}

Result<bool> SqliteBulkLoader::AddBlock(Id account_id, Id target_id, TimeMs at) {
  CW_RETURN_IF_ERROR(WriteQueuedFollows());
  Stmt q(*conn_,
         "INSERT INTO blocks (account_id, target_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO "
         "NOTHING");
  CW_RETURN_IF_ERROR(q.Bind(account_id, target_id, at).Run());
  if (q.Changes() == 0) return false;
  // A block ends follows both ways, as it does live.
  CW_RETURN_IF_ERROR(DeleteFollowRow(*conn_, account_id, target_id, at).status());
  CW_RETURN_IF_ERROR(DeleteFollowRow(*conn_, target_id, account_id, at).status());
  return true;
}

Status SqliteBulkLoader::Checkpoint() {
  CW_RETURN_IF_ERROR(conn_->ExecScript("COMMIT"));
  return conn_->ExecScript("BEGIN");
}

Status SqliteBulkLoader::Finish() {
  CW_RETURN_IF_ERROR(WriteQueuedFollows());
  // Each step's wall and CPU seconds (on a busy machine, the CPU says what the step costs).
  auto t = std::chrono::steady_clock::now();
  double cpu = CpuSeconds();
  auto lap = [&] {
    auto now = std::chrono::steady_clock::now();
    double now_cpu = CpuSeconds();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f s (CPU %.1f s)",
                  std::chrono::duration<double>(now - t).count(), now_cpu - cpu);
    t = now;
    cpu = now_cpu;
    return std::string(buf);
  };
  CW_RETURN_IF_ERROR(WriteQueuedFollows());
  CW_RETURN_IF_ERROR(conn_->ExecScript("COMMIT"));
  open_ = false;
  // Index builds sort their keys; helper threads take a share of each sort on another core.
  CW_RETURN_IF_ERROR(conn_->ExecScript("PRAGMA threads=2"));
  for (const auto& [sql, unused] : dropped_) {
    CW_RETURN_IF_ERROR(conn_->ExecScript(sql));
    CW_LOG(kInfo, "") << "import: rebuilt " << sql.substr(13, sql.find(' ', 13) - 13) << " in "
                      << lap();
  }
  CW_RETURN_IF_ERROR(conn_->ExecScript("BEGIN"));
  Status st = conn_->ExecScript(kRecomputeCounters);
  if (!st.ok()) {
    (void)conn_->ExecScript("ROLLBACK");
    return st;
  }
  CW_RETURN_IF_ERROR(conn_->ExecScript("COMMIT"));
  CW_LOG(kInfo, "") << "import: recomputed counters in " << lap();
  // Durable at the end: the load ran with synchronous=OFF, and a checkpoint under FULL syncs the
  // database file itself before the log is emptied.
  CW_RETURN_IF_ERROR(conn_->ExecScript(
      "PRAGMA optimize; PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);"));
  CW_LOG(kInfo, "") << "import: committed, optimized and checkpointed in " << lap();
  return OkStatus();
}

}  // namespace cw::sqlite
