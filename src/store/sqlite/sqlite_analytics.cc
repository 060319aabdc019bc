#include "store/sqlite/sqlite_analytics.h"

#include <algorithm>

#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

// The audit's class of a fan (docs/analytics.md), as an SQL expression over `a` (accounts) and
// `v` (verdicts, LEFT JOINed): 2 zombie, 1 suspicious, 0 real.
constexpr const char* kFanClass =
    "CASE WHEN v.account_id IS NOT NULL AND v.cleared = 0 AND v.zombie >= 0.5 THEN 2 "
    "WHEN a.credible = 0 OR (v.account_id IS NOT NULL AND v.cleared = 0 AND v.zombie >= 0.25) "
    "THEN 1 ELSE 0 END";

constexpr const char* kRunColumns =
    "id, owner_id, state, created_at, finished_at, request, result, error";

SeedingRun ReadRun(Stmt& q) {
  return SeedingRun{q.Int(0), q.Int(1), q.Text(2), q.Int(3),
                    q.Int(4), q.Text(5), q.Text(6), q.Text(7)};
}

}  // namespace

Result<std::vector<AnalyticsStore::FanBucket>> SqliteAnalyticsStore::CountFansByBucket(
    Id account_id, int64_t bucket_ms) {
  using Rows = std::vector<FanBucket>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Stmt q(c,
           "SELECT f.created_at / ?1 AS b, COUNT(*), SUM(a.credible) FROM follows f "
           "JOIN accounts a ON a.id = f.follower_id WHERE f.followee_id = ?2 "
           "GROUP BY b ORDER BY b");
    q.Bind(bucket_ms, account_id);
    return Collect<FanBucket>(q, [](Stmt& s) {
      return FanBucket{s.Int(0), s.Int(1), s.Int(2)};
    });
  });
}

Result<std::vector<AnalyticsStore::EndedFollow>> SqliteAnalyticsStore::ListEndedFollows(
    Id account_id, TimeMs since, int limit) {
  using Rows = std::vector<EndedFollow>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    // Each unfollow with the latest follow of the same pair before it (none: it began before the
    // log, or came with an import).
    Stmt q(c,
           "SELECT (SELECT MAX(f.at) FROM follow_events f WHERE f.followee_id = e.followee_id "
           "          AND f.follower_id = e.follower_id AND f.action = 'follow' AND f.at <= e.at), "
           "       e.at, COALESCE(a.credible, 1) "
           "FROM follow_events e LEFT JOIN accounts a ON a.id = e.follower_id "
           "WHERE e.followee_id = ?1 AND e.action = 'unfollow' AND e.at >= ?2 "
           "ORDER BY e.at LIMIT ?3");
    q.Bind(account_id, since, limit);
    return Collect<EndedFollow>(q, [](Stmt& s) {
      return EndedFollow{s.IsNull(0) ? 0 : s.Int(0), s.Int(1), s.Int(2) != 0};
    });
  });
}

Result<std::vector<AnalyticsStore::PostBucket>> SqliteAnalyticsStore::CountPostsByBucket(
    Id author_id, TimeMs since, int64_t bucket_ms) {
  using Rows = std::vector<PostBucket>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Stmt q(c,
           "SELECT created_at / ?1 AS b, COUNT(*), SUM(forwards_count), SUM(comments_count), "
           "SUM(likes_count), SUM(forwards_count - suspect_forwards_count), "
           "SUM(comments_count - suspect_comments_count), SUM(likes_count - suspect_likes_count) "
           "FROM posts WHERE author_id = ?2 AND created_at >= ?3 AND deleted_at = 0 "
           "GROUP BY b ORDER BY b");
    q.Bind(bucket_ms, author_id, since);
    return Collect<PostBucket>(q, [](Stmt& s) {
      return PostBucket{s.Int(0), s.Int(1), s.Int(2), s.Int(3),
                        s.Int(4), s.Int(5), s.Int(6), s.Int(7)};
    });
  });
}

Result<std::vector<Id>> SqliteAnalyticsStore::ListBestPostIds(Id author_id, TimeMs since,
                                                              int limit) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) -> Result<std::vector<Id>> {
    Stmt q(c,
           "SELECT id FROM posts WHERE author_id = ?1 AND created_at >= ?2 AND deleted_at = 0 "
           "ORDER BY (forwards_count - suspect_forwards_count) + "
           "(comments_count - suspect_comments_count) + (likes_count - suspect_likes_count) DESC, "
           "id DESC LIMIT ?3");
    q.Bind(author_id, since, limit);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Result<AnalyticsStore::FanAudit> SqliteAnalyticsStore::AuditFans(Id account_id, int examples) {
  return ReadResult<FanAudit>(db_, [&](Conn& c) -> Result<FanAudit> {
    FanAudit out;
    const std::string from =
        " FROM follows f JOIN accounts a ON a.id = f.follower_id "
        "LEFT JOIN verdicts v ON v.account_id = f.follower_id WHERE f.followee_id = ?1";
    {
      Stmt q(c, std::string("SELECT ") + kFanClass + " AS k, COUNT(*)" + from + " GROUP BY k");
      q.Bind(account_id);
      while (true) {
        CW_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        int64_t n = q.Int(1);
        out.fans += n;
        switch (q.Int(0)) {
          case 2: out.zombie += n; break;
          case 1: out.suspicious += n; break;
          default: out.real += n; break;
        }
      }
    }
    auto list = [&](int cls, std::vector<Id>* ids) -> Status {
      if (examples <= 0) return OkStatus();
      Stmt q(c, std::string("SELECT f.follower_id") + from + " AND " + kFanClass +
                    " = ?2 ORDER BY COALESCE(v.zombie, 0) + COALESCE(v.water_army, 0) + "
                    "COALESCE(v.spam_bot, 0) DESC, f.id DESC LIMIT ?3");
      q.Bind(account_id, cls, examples);
      CW_ASSIGN_OR_RETURN(*ids, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
      return OkStatus();
    };
    if (out.zombie) CW_RETURN_IF_ERROR(list(2, &out.zombie_examples));
    if (out.suspicious) CW_RETURN_IF_ERROR(list(1, &out.suspicious_examples));
    Stmt s(c, "SELECT COALESCE(MAX(scanned_at), 0) FROM verdicts");
    CW_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) out.scanned_at = s.Int(0);
    return out;
  });
}

Result<std::vector<std::pair<Id, Id>>> SqliteAnalyticsStore::ListFansOf(
    const std::vector<Id>& accounts) {
  using Rows = std::vector<std::pair<Id, Id>>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Rows out;
    CW_RETURN_IF_ERROR(ForEachIdChunk(
        accounts, [&](const std::string& placeholders, const std::vector<Id>& chunk) -> Status {
          Stmt q(c, "SELECT followee_id, follower_id FROM follows WHERE followee_id IN (" +
                        placeholders + ") ORDER BY followee_id");
          for (size_t i = 0; i < chunk.size(); ++i) q.BindOne(static_cast<int>(i + 1), chunk[i]);
          while (true) {
            CW_ASSIGN_OR_RETURN(bool row, q.Step());
            if (!row) return OkStatus();
            out.emplace_back(q.Int(0), q.Int(1));
          }
        }));
    return out;
  });
}

Result<std::vector<AnalyticsStore::CascadeLink>> SqliteAnalyticsStore::ListCascadeLinks(
    Id root_id, int limit) {
  using Rows = std::vector<CascadeLink>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Stmt q(c,
           "SELECT id, author_id, parent_id, created_at FROM posts "
           "WHERE root_id = ? AND deleted_at = 0 ORDER BY id LIMIT ?");
    q.Bind(root_id, limit);
    return Collect<CascadeLink>(q, [](Stmt& s) {
      return CascadeLink{s.Int(0), s.Int(1), s.Int(2), s.Int(3)};
    });
  });
}

Result<std::vector<Id>> SqliteAnalyticsStore::ListNotCredibleIds() {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) -> Result<std::vector<Id>> {
    Stmt q(c, "SELECT id FROM accounts WHERE credible = 0");
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Result<AnalyticsStore::SharedFans> SqliteAnalyticsStore::CountSharedFans(Id a, Id b) {
  return ReadResult<SharedFans>(db_, [&](Conn& c) -> Result<SharedFans> {
    // Walks the fans of `a` and probes `b`'s by primary key (follower_id, followee_id).
    Stmt q(c,
           "SELECT COUNT(*), COALESCE(SUM(x.credible), 0) FROM follows fa "
           "JOIN follows fb ON fb.follower_id = fa.follower_id AND fb.followee_id = ?2 "
           "JOIN accounts x ON x.id = fa.follower_id WHERE fa.followee_id = ?1");
    q.Bind(a, b);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    SharedFans out;
    if (row) out = {q.Int(0), q.Int(1)};
    return out;
  });
}

Status SqliteAnalyticsStore::PutSeedingRun(const SeedingRun& r) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO seeding_runs (") + kRunColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    return q.Bind(r.id, r.owner_id, r.state, r.created_at, r.finished_at, r.request, r.result,
                  r.error)
        .Run();
  });
}

Status SqliteAnalyticsStore::FinishSeedingRun(const SeedingRun& r) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "UPDATE seeding_runs SET state = ?, finished_at = ?, result = ?, error = ? "
           "WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(r.state, r.finished_at, r.result, r.error, r.id).Run());
    if (q.Changes() == 0) return NotFound("no such seeding run");
    return OkStatus();
  });
}

Result<SeedingRun> SqliteAnalyticsStore::GetSeedingRun(Id id) {
  return ReadResult<SeedingRun>(db_, [&](Conn& c) -> Result<SeedingRun> {
    Stmt q(c, std::string("SELECT ") + kRunColumns + " FROM seeding_runs WHERE id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("seeding run not found");
    return ReadRun(q);
  });
}

Result<std::vector<SeedingRun>> SqliteAnalyticsStore::ListSeedingRuns(Id owner_id,
                                                                      const Page& page) {
  using Rows = std::vector<SeedingRun>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kRunColumns + " FROM seeding_runs WHERE owner_id = ?" +
                  pc.sql);
    q.Bind(owner_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<SeedingRun>(q, ReadRun));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<int64_t> SqliteAnalyticsStore::FailRunningSeedingRuns(const std::string& error, TimeMs at) {
  int64_t changed = 0;
  CW_RETURN_IF_ERROR(WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "UPDATE seeding_runs SET state = 'failed', error = ?, finished_at = ? "
           "WHERE state = 'running'");
    CW_RETURN_IF_ERROR(q.Bind(error, at).Run());
    changed = q.Changes();
    return OkStatus();
  }));
  return changed;
}

}  // namespace cw::sqlite
