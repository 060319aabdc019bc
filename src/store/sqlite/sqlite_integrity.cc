// IntegrityStore on SQLite: reports, cases and the accounts they name, the moderation log,
// verdicts, and the bulk rewrite of suspect counters after a scan.
#include "store/sqlite/sqlite_integrity.h"

#include <algorithm>

#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

constexpr const char* kReportColumns =
    "id, reporter_id, account_id, post_id, comment_id, category, comment, case_id, created_at";

Report ReadReport(Stmt& q) {
  Report r;
  r.id = q.Int(0);
  r.reporter_id = q.Int(1);
  r.account_id = q.Int(2);
  r.post_id = q.Int(3);
  r.comment_id = q.Int(4);
  r.category = ParseReportCategory(q.Text(5)).value_or(ReportCategory::kOther);
  r.comment = q.Text(6);
  r.case_id = q.Int(7);
  r.created_at = q.Int(8);
  return r;
}

constexpr const char* kCaseColumns =
    "id, kind, state, account_id, score, summary, evidence, fingerprint, members_count, "
    "reports_count, created_at, updated_at, resolution, resolved_by";

Case ReadCase(Stmt& q) {
  Case c;
  c.id = q.Int(0);
  c.kind = ParseCaseKind(q.Text(1)).value_or(CaseKind::kReport);
  c.state = ParseCaseState(q.Text(2)).value_or(CaseState::kOpen);
  c.account_id = q.Int(3);
  c.score = q.Double(4);
  c.summary = q.Text(5);
  c.evidence = q.Text(6);
  c.fingerprint = q.IsNull(7) ? "" : q.Text(7);
  c.members_count = q.Int(8);
  c.reports_count = q.Int(9);
  c.created_at = q.Int(10);
  c.updated_at = q.Int(11);
  c.resolution = q.Text(12);
  c.resolved_by = q.Int(13);
  return c;
}

constexpr const char* kEntryColumns =
    "id, moderator_id, action, case_id, account_id, reason, details, created_at";

ModerationEntry ReadEntry(Stmt& q) {
  ModerationEntry e;
  e.id = q.Int(0);
  e.moderator_id = q.Int(1);
  e.action = ParseModerationAction(q.Text(2)).value_or(ModerationAction::kDismiss);
  e.case_id = q.Int(3);
  e.account_id = q.Int(4);
  e.reason = q.Text(5);
  e.details = q.Text(6);
  e.created_at = q.Int(7);
  return e;
}

const char* RoleName(CaseRole r) { return r == CaseRole::kMember ? "member" : "target"; }

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& l : labels) out += (out.empty() ? "" : ",") + l;
  return out;
}

std::vector<std::string> SplitLabels(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

template <typename T, typename Map>
Result<T> ReadOne(Stmt& q, Map map, const char* missing) {
  CW_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NotFound(missing);
  return map(q);
}

}  // namespace

Status SqliteIntegrityStore::PutReport(const Report& r) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO reports (") + kReportColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return q
        .Bind(r.id, r.reporter_id, r.account_id, r.post_id, r.comment_id,
              ReportCategoryName(r.category), r.comment, r.case_id, r.created_at)
        .Run();
  });
}

Result<std::vector<Report>> SqliteIntegrityStore::ListReportsByCase(Id case_id, const Page& page) {
  return ReadResult<std::vector<Report>>(db_, [&](Conn& c) -> Result<std::vector<Report>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kReportColumns + " FROM reports WHERE case_id = ?" + pc.sql);
    q.BindOne(1, case_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Report>(q, ReadReport));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<bool> SqliteIntegrityStore::HasOpenReport(Id reporter_id, Id account_id) {
  return ReadResult<bool>(db_, [&](Conn& c) -> Result<bool> {
    Stmt q(c,
           "SELECT 1 FROM reports r JOIN cases k ON k.id = r.case_id WHERE r.reporter_id = ? "
           "AND r.account_id = ? AND k.state = 'open' LIMIT 1");
    q.Bind(reporter_id, account_id);
    return q.Step();
  });
}

Status SqliteIntegrityStore::PutCase(const Case& k) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO cases (") + kCaseColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.Bind(k.id, CaseKindName(k.kind), CaseStateName(k.state), k.account_id, k.score, k.summary,
           k.evidence, k.fingerprint, k.members_count, k.reports_count, k.created_at,
           k.updated_at, k.resolution, k.resolved_by);
    q.BindTextOrNull(8, k.fingerprint);
    return q.Run();
  });
}

Result<Case> SqliteIntegrityStore::GetCase(Id id) {
  return ReadResult<Case>(db_, [&](Conn& c) -> Result<Case> {
    Stmt q(c, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?");
    q.Bind(id);
    return ReadOne<Case>(q, ReadCase, "case not found");
  });
}

Result<Case> SqliteIntegrityStore::FindOpenCase(CaseKind kind, Id account_id) {
  return ReadResult<Case>(db_, [&](Conn& c) -> Result<Case> {
    Stmt q(c, std::string("SELECT ") + kCaseColumns +
                  " FROM cases WHERE account_id = ? AND state = 'open' AND kind = ? "
                  "ORDER BY id DESC LIMIT 1");
    q.Bind(account_id, CaseKindName(kind));
    return ReadOne<Case>(q, ReadCase, "case not found");
  });
}

Result<Case> SqliteIntegrityStore::GetCaseByFingerprint(const std::string& fingerprint) {
  return ReadResult<Case>(db_, [&](Conn& c) -> Result<Case> {
    Stmt q(c, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE fingerprint = ?");
    q.Bind(fingerprint);
    return ReadOne<Case>(q, ReadCase, "case not found");
  });
}

Result<std::vector<Case>> SqliteIntegrityStore::ListCases(std::optional<CaseState> state,
                                                          std::optional<CaseKind> kind,
                                                          const Page& page) {
  return ReadResult<std::vector<Case>>(db_, [&](Conn& c) -> Result<std::vector<Case>> {
    PageClause pc = MakePageClause(page, "id");
    std::string where = " WHERE 1 = 1";
    // Names come from our own enums, never from input.
    if (state) where += std::string(" AND state = '") + CaseStateName(*state) + "'";
    if (kind) where += std::string(" AND kind = '") + CaseKindName(*kind) + "'";
    Stmt q(c, std::string("SELECT ") + kCaseColumns + " FROM cases" + where + pc.sql);
    BindArgs(q, 1, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Case>(q, ReadCase));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteIntegrityStore::UpdateCase(const Case& k) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "UPDATE cases SET state = ?, score = ?, summary = ?, evidence = ?, members_count = ?, "
           "reports_count = ?, updated_at = ?, resolution = ?, resolved_by = ? WHERE id = ?");
    q.Bind(CaseStateName(k.state), k.score, k.summary, k.evidence, k.members_count,
           k.reports_count, k.updated_at, k.resolution, k.resolved_by, k.id);
    CW_RETURN_IF_ERROR(q.Run());
    if (q.Changes() == 0) return NotFound("case not found");
    return OkStatus();
  });
}

Status SqliteIntegrityStore::PutCaseAccounts(Id case_id, CaseRole role, const std::vector<Id>& ids) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    for (Id id : ids) {
      Stmt q(c,
             "INSERT INTO case_accounts (case_id, account_id, role) VALUES (?, ?, ?) "
             "ON CONFLICT DO NOTHING");
      CW_RETURN_IF_ERROR(q.Bind(case_id, id, RoleName(role)).Run());
    }
    return OkStatus();
  });
}

Result<std::vector<Id>> SqliteIntegrityStore::ListCaseAccounts(Id case_id, CaseRole role,
                                                               int limit) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) -> Result<std::vector<Id>> {
    Stmt q(c,
           "SELECT account_id FROM case_accounts WHERE case_id = ? AND role = ? "
           "ORDER BY account_id LIMIT ?");
    q.Bind(case_id, RoleName(role), limit);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Status SqliteIntegrityStore::PutModerationEntry(const ModerationEntry& e) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO moderation_log (") + kEntryColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    return q
        .Bind(e.id, e.moderator_id, ModerationActionName(e.action), e.case_id, e.account_id,
              e.reason, e.details, e.created_at)
        .Run();
  });
}

Result<ModerationEntry> SqliteIntegrityStore::GetModerationEntry(Id id) {
  return ReadResult<ModerationEntry>(db_, [&](Conn& c) -> Result<ModerationEntry> {
    Stmt q(c, std::string("SELECT ") + kEntryColumns + " FROM moderation_log WHERE id = ?");
    q.Bind(id);
    return ReadOne<ModerationEntry>(q, ReadEntry, "log entry not found");
  });
}

Result<std::vector<ModerationEntry>> SqliteIntegrityStore::ListModerationLog(Id account_id,
                                                                             const Page& page) {
  using Rows = std::vector<ModerationEntry>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    PageClause pc = MakePageClause(page, "id");
    std::string where = account_id ? " WHERE account_id = ?" : " WHERE ? = 0";
    Stmt q(c, std::string("SELECT ") + kEntryColumns + " FROM moderation_log" + where + pc.sql);
    q.BindOne(1, account_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<ModerationEntry>(q, ReadEntry));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteIntegrityStore::PutVerdicts(const std::vector<Verdict>& verdicts) {
  return db_.Write(
      [&](Conn& c) -> Status {
        for (const Verdict& v : verdicts) {
          Stmt q(c,
                 "INSERT INTO verdicts (account_id, zombie, water_army, spam_bot, credibility, "
                 "labels, evidence, scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                 "ON CONFLICT (account_id) DO UPDATE SET zombie = excluded.zombie, "
                 "water_army = excluded.water_army, spam_bot = excluded.spam_bot, "
                 "credibility = excluded.credibility, labels = excluded.labels, "
                 "evidence = excluded.evidence, scanned_at = excluded.scanned_at");
          CW_RETURN_IF_ERROR(q.Bind(v.account_id, v.zombie, v.water_army, v.spam_bot,
                                    v.credibility, JoinLabels(v.labels), v.evidence, v.scanned_at)
                                 .Run());
        }
        return OkStatus();
      },
      /*apart=*/true);
}

Result<Verdict> SqliteIntegrityStore::GetVerdict(Id account_id) {
  return ReadResult<Verdict>(db_, [&](Conn& c) -> Result<Verdict> {
    Stmt q(c,
           "SELECT account_id, zombie, water_army, spam_bot, credibility, labels, evidence, "
           "scanned_at, cleared FROM verdicts WHERE account_id = ?");
    q.Bind(account_id);
    return ReadOne<Verdict>(
        q,
        [](Stmt& s) {
          Verdict v;
          v.account_id = s.Int(0);
          v.zombie = s.Double(1);
          v.water_army = s.Double(2);
          v.spam_bot = s.Double(3);
          v.credibility = s.Double(4);
          v.labels = SplitLabels(s.Text(5));
          v.evidence = s.Text(6);
          v.scanned_at = s.Int(7);
          v.cleared = s.Int(8) != 0;
          return v;
        },
        "account not scanned");
  });
}

Result<std::unordered_set<Id>> SqliteIntegrityStore::ListClearedAccounts() {
  using Ids = std::unordered_set<Id>;
  return ReadResult<Ids>(db_, [&](Conn& c) -> Result<Ids> {
    Stmt q(c, "SELECT account_id FROM verdicts WHERE cleared = 1");
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
    return Ids(rows.begin(), rows.end());
  });
}

Status SqliteIntegrityStore::SetCleared(Id account_id, bool cleared, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c,
           "INSERT INTO verdicts (account_id, scanned_at, cleared) VALUES (?, ?, ?) "
           "ON CONFLICT (account_id) DO UPDATE SET cleared = excluded.cleared");
    return q.Bind(account_id, at, cleared).Run();
  });
}

Status SqliteIntegrityStore::ReplaceSuspectCounts(const SuspectCounts& counts) {
  return db_.Write(
      [&](Conn& c) -> Status {
        CW_RETURN_IF_ERROR(c.ExecScript(
            "UPDATE accounts SET credible = 1, suspect_fans_count = 0 "
            "WHERE credible = 0 OR suspect_fans_count <> 0;"
            "UPDATE posts SET suspect_forwards_count = 0, suspect_comments_count = 0, "
            "suspect_likes_count = 0 WHERE suspect_forwards_count <> 0 OR "
            "suspect_comments_count <> 0 OR suspect_likes_count <> 0;"));
        for (Id id : counts.not_credible) {
          Stmt q(c, "UPDATE accounts SET credible = 0 WHERE id = ?");
          CW_RETURN_IF_ERROR(q.Bind(id).Run());
        }
        for (const auto& [id, n] : counts.account_fans) {
          Stmt q(c, "UPDATE accounts SET suspect_fans_count = ? WHERE id = ?");
          CW_RETURN_IF_ERROR(q.Bind(n, id).Run());
        }
        for (const auto& p : counts.posts) {
          Stmt q(c,
                 "UPDATE posts SET suspect_forwards_count = ?, suspect_comments_count = ?, "
                 "suspect_likes_count = ? WHERE id = ?");
          CW_RETURN_IF_ERROR(q.Bind(p.forwards, p.comments, p.likes, p.id).Run());
        }
        return OkStatus();
      },
      /*apart=*/true);
}

Status SqliteIntegrityStore::PruneVerdicts(TimeMs before) {
  return db_.Write(
      [&](Conn& c) {
        Stmt q(c, "DELETE FROM verdicts WHERE scanned_at < ? AND cleared = 0");
        return q.Bind(before).Run();
      },
      /*apart=*/true);
}

Status SqliteIntegrityStore::ReadForScan(const ScanVisitor& visit) {
  // One read transaction for all five, so the parts agree with each other.
  return db_.Read([&](Conn& c) -> Status {
    CW_RETURN_IF_ERROR(c.ExecScript("BEGIN"));
    auto each = [&](const char* sql, const std::function<void(Stmt&)>& row) -> Status {
      Stmt q(c, sql);
      for (;;) {
        CW_ASSIGN_OR_RETURN(bool more, q.Step());
        if (!more) return OkStatus();
        row(q);
      }
    };
    Status st = [&]() -> Status {
      if (visit.account) {
        CW_RETURN_IF_ERROR(each(
            "SELECT id, handle, display_name, bio, kind, verification, state, signup_ip, "
            "external_id, has_avatar, created_at, credible FROM accounts ORDER BY id",
            [&](Stmt& q) {
              Account a;
              a.id = q.Int(0);
              a.handle = q.Text(1);
              a.display_name = q.Text(2);
              a.bio = q.Text(3);
              a.kind = ParseAccountKind(q.Text(4)).value_or(AccountKind::kPersonal);
              a.verification = ParseVerification(q.Text(5)).value_or(Verification::kNone);
              a.state = ParseAccountState(q.Text(6)).value_or(AccountState::kActive);
              a.signup_ip = q.Text(7);
              a.external_id = q.IsNull(8) ? "" : q.Text(8);
              a.has_avatar = q.Int(9) != 0;
              a.created_at = q.Int(10);
              a.credible = q.Int(11) != 0;
              visit.account(a);
            }));
      }
      if (visit.follow) {
        CW_RETURN_IF_ERROR(each("SELECT follower_id, followee_id FROM follows",
                                [&](Stmt& q) { visit.follow(q.Int(0), q.Int(1)); }));
      }
      if (visit.post) {
        CW_RETURN_IF_ERROR(each(
            "SELECT id, author_id, parent_id, root_id, text, external_id, created_at FROM posts "
            "WHERE deleted_at = 0 ORDER BY id",
            [&](Stmt& q) {
              Post p;
              p.id = q.Int(0);
              p.author_id = q.Int(1);
              p.parent_id = q.Int(2);
              p.root_id = q.Int(3);
              p.text = q.Text(4);
              p.external_id = q.IsNull(5) ? "" : q.Text(5);
              p.created_at = q.Int(6);
              visit.post(p);
            }));
      }
      if (visit.comment) {
        CW_RETURN_IF_ERROR(each(
            "SELECT id, post_id, author_id, text, created_at FROM comments WHERE deleted_at = 0 "
            "ORDER BY id",
            [&](Stmt& q) {
              Comment m;
              m.id = q.Int(0);
              m.post_id = q.Int(1);
              m.author_id = q.Int(2);
              m.text = q.Text(3);
              m.created_at = q.Int(4);
              visit.comment(m);
            }));
      }
      if (visit.like) {
        CW_RETURN_IF_ERROR(each("SELECT account_id, post_id, created_at FROM post_likes",
                                [&](Stmt& q) { visit.like(q.Int(0), q.Int(1), q.Int(2)); }));
      }
      return OkStatus();
    }();
    Status end = c.ExecScript("COMMIT");
    CW_RETURN_IF_ERROR(st);
    return end;
  });
}

Status SqliteIntegrityStore::RecountSuspect(const std::vector<Id>& account_ids) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    CW_RETURN_IF_ERROR(c.ExecScript(
        "CREATE TEMP TABLE IF NOT EXISTS cw_touched_accounts (id INTEGER PRIMARY KEY);"
        "CREATE TEMP TABLE IF NOT EXISTS cw_touched_posts (id INTEGER PRIMARY KEY);"
        "DELETE FROM cw_touched_accounts; DELETE FROM cw_touched_posts;"));
    for (Id id : account_ids) {
      for (const char* sql :
           {"INSERT OR IGNORE INTO cw_touched_accounts SELECT followee_id FROM follows "
            "WHERE follower_id = ?1",
            "INSERT OR IGNORE INTO cw_touched_posts SELECT post_id FROM post_likes "
            "WHERE account_id = ?1",
            "INSERT OR IGNORE INTO cw_touched_posts SELECT root_id FROM posts "
            "WHERE author_id = ?1 AND parent_id <> 0",
            "INSERT OR IGNORE INTO cw_touched_posts SELECT parent_id FROM posts "
            "WHERE author_id = ?1 AND parent_id <> 0",
            "INSERT OR IGNORE INTO cw_touched_posts SELECT post_id FROM comments "
            "WHERE author_id = ?1"}) {
        Stmt q(c, sql);
        CW_RETURN_IF_ERROR(q.Bind(id).Run());
      }
    }
    return c.ExecScript(
        "UPDATE accounts SET suspect_fans_count = (SELECT COUNT(*) FROM follows f "
        "JOIN accounts a ON a.id = f.follower_id WHERE f.followee_id = accounts.id "
        "AND a.credible = 0) WHERE id IN (SELECT id FROM cw_touched_accounts);"
        "UPDATE posts SET "
        "suspect_likes_count = (SELECT COUNT(*) FROM post_likes l JOIN accounts a "
        "ON a.id = l.account_id WHERE l.post_id = posts.id AND a.credible = 0), "
        "suspect_comments_count = (SELECT COUNT(*) FROM comments m JOIN accounts a "
        "ON a.id = m.author_id WHERE m.post_id = posts.id AND m.deleted_at = 0 "
        "AND a.credible = 0), "
        "suspect_forwards_count = (SELECT COUNT(*) FROM posts f JOIN accounts a "
        "ON a.id = f.author_id WHERE f.root_id = posts.id AND f.parent_id <> 0 "
        "AND f.deleted_at = 0 AND a.credible = 0) + (SELECT COUNT(*) FROM posts f "
        "JOIN accounts a ON a.id = f.author_id WHERE f.parent_id = posts.id "
        "AND f.root_id <> posts.id AND f.deleted_at = 0 AND a.credible = 0) "
        "WHERE id IN (SELECT id FROM cw_touched_posts);");
  });
}

}  // namespace cw::sqlite
