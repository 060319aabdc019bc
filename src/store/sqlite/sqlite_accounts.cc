// AccountStore on SQLite: accounts and login sessions.
#include <algorithm>

#include "common/text/entities.h"
#include "store/sqlite/internal.h"
#include "store/sqlite/sqlite_store.h"

namespace cw::sqlite {
namespace {

constexpr const char* kAccountColumns =
    "id, handle, display_name, bio, location, email, kind, verification, verification_reason, "
    "role, state, dm_policy, comment_policy, password_hash, signup_ip, external_id, has_avatar, "
    "created_at, fans_count, following_count, posts_count, credible, suspect_fans_count";

Account ReadAccount(Stmt& q) {
  Account a;
  a.id = q.Int(0);
  a.handle = q.Text(1);
  a.display_name = q.Text(2);
  a.bio = q.Text(3);
  a.location = q.Text(4);
  a.email = q.Text(5);
  a.kind = ParseAccountKind(q.Text(6)).value_or(AccountKind::kPersonal);
  a.verification = ParseVerification(q.Text(7)).value_or(Verification::kNone);
  a.verification_reason = q.Text(8);
  a.role = ParseRole(q.Text(9)).value_or(Role::kMember);
  a.state = ParseAccountState(q.Text(10)).value_or(AccountState::kActive);
  a.dm_policy = ParseAudience(q.Text(11)).value_or(Audience::kEveryone);
  a.comment_policy = ParseAudience(q.Text(12)).value_or(Audience::kEveryone);
  a.password_hash = q.Text(13);
  a.signup_ip = q.Text(14);
  a.external_id = q.Text(15);
  a.has_avatar = q.Int(16) != 0;
  a.created_at = q.Int(17);
  a.fans_count = q.Int(18);
  a.following_count = q.Int(19);
  a.posts_count = q.Int(20);
  a.credible = q.Int(21) != 0;
  a.suspect_fans_count = q.Int(22);
  return a;
}

Session ReadSession(Stmt& q) {
  return Session{q.Int(0), q.Int(1), q.Text(2), q.Text(3), q.Text(4), q.Int(5), q.Int(6)};
}

constexpr const char* kSessionColumns =
    "id, account_id, token_hash, client, ip, created_at, last_used_at";

}  // namespace

Result<Account> SqliteAccountStore::GetOne(const char* where, std::string_view key) {
  return ReadResult<Account>(db_, [&](Conn& c) -> Result<Account> {
    Stmt q(c, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE " + where);
    q.Bind(key);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("account not found");
    return ReadAccount(q);
  });
}

Result<Account> SqliteAccountStore::GetAccountById(Id id) {
  return ReadResult<Account>(db_, [&](Conn& c) -> Result<Account> {
    Stmt q(c, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("account not found");
    return ReadAccount(q);
  });
}

Result<std::vector<AccountBrief>> SqliteAccountStore::GetAccountBriefs(
    const std::vector<Id>& ids) {
  using Rows = std::vector<AccountBrief>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Rows out;
    std::unordered_set<Id> seen;
    CW_RETURN_IF_ERROR(ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
      Stmt q(c, "SELECT id, state, fans_count FROM accounts WHERE id IN (" + ph + ")");
      BindArgs(q, 1, chunk);
      CW_ASSIGN_OR_RETURN(auto rows, (Collect<AccountBrief>(q, [](Stmt& s) {
                            return AccountBrief{
                                s.Int(0), ParseAccountState(s.Text(1)).value_or(AccountState::kActive),
                                s.Int(2)};
                          })));
      for (const auto& r : rows) {
        if (seen.insert(r.id).second) out.push_back(r);  // padding repeats ids
      }
      return OkStatus();
    }));
    return out;
  });
}

Result<std::vector<Account>> SqliteAccountStore::GetAccountsByIds(const std::vector<Id>& ids) {
  return ReadResult<std::vector<Account>>(db_, [&](Conn& c) -> Result<std::vector<Account>> {
    std::vector<Account> out;
    std::unordered_set<Id> seen;
    CW_RETURN_IF_ERROR(ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
      Stmt q(c, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id IN (" + ph +
                    ")");
      BindArgs(q, 1, chunk);
      CW_ASSIGN_OR_RETURN(auto rows, Collect<Account>(q, ReadAccount));
      for (auto& a : rows) {
        if (seen.insert(a.id).second) out.push_back(std::move(a));
      }
      return OkStatus();
    }));
    return out;
  });
}

Result<Account> SqliteAccountStore::GetAccountByHandle(std::string_view handle) {
  return GetOne("handle_lower = ?", text::AsciiLower(handle));
}

Result<Account> SqliteAccountStore::GetAccountByExternalId(std::string_view external_id) {
  return GetOne("external_id = ?", external_id);
}

Result<std::vector<Account>> SqliteAccountStore::ListAccountsByHandlePrefix(
    std::string_view prefix, int limit) {
  return ReadResult<std::vector<Account>>(db_, [&](Conn& c) -> Result<std::vector<Account>> {
    std::string lo = text::AsciiLower(prefix);
    Stmt q(c, std::string("SELECT ") + kAccountColumns +
                  " FROM accounts WHERE handle_lower >= ? AND handle_lower < ? AND state <> "
                  "'suspended' ORDER BY handle_lower LIMIT ?");
    q.Bind(lo, lo + "\x7f", static_cast<int64_t>(limit));
    return Collect<Account>(q, ReadAccount);
  });
}

Result<std::vector<Account>> SqliteAccountStore::ListAccounts(const Page& page) {
  return ReadResult<std::vector<Account>>(db_, [&](Conn& c) -> Result<std::vector<Account>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE 1 = 1" + pc.sql);
    BindArgs(q, 1, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Account>(q, ReadAccount));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<bool> InsertAccount(Conn& c, const Account& a, bool skip_existing) {
  Stmt q(c, std::string("INSERT INTO accounts (") + kAccountColumns +
                ", handle_lower) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?)" + (skip_existing ? " ON CONFLICT DO NOTHING" : ""));
  q.Bind(a.id, a.handle, a.display_name, a.bio, a.location, a.email, AccountKindName(a.kind),
         VerificationName(a.verification), a.verification_reason, RoleName(a.role),
         AccountStateName(a.state), AudienceName(a.dm_policy), AudienceName(a.comment_policy),
         a.password_hash, a.signup_ip, a.external_id, a.has_avatar, a.created_at, a.fans_count,
         a.following_count, a.posts_count, a.credible, a.suspect_fans_count,
         text::AsciiLower(a.handle));
  q.BindTextOrNull(16, a.external_id);
  CW_RETURN_IF_ERROR(q.Run());
  return q.Changes() > 0;
}

Status SqliteAccountStore::PutAccount(const Account& a) {
  return WriteStatus(db_, [&](Conn& c) { return InsertAccount(c, a, false).status(); });
}

Status SqliteAccountStore::UpdateAccount(const Account& a) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "UPDATE accounts SET display_name = ?, bio = ?, location = ?, email = ?, kind = ?, "
           "verification = ?, verification_reason = ?, role = ?, state = ?, dm_policy = ?, "
           "comment_policy = ?, password_hash = ?, has_avatar = ? WHERE id = ?");
    q.Bind(a.display_name, a.bio, a.location, a.email, AccountKindName(a.kind),
           VerificationName(a.verification), a.verification_reason, RoleName(a.role),
           AccountStateName(a.state), AudienceName(a.dm_policy), AudienceName(a.comment_policy),
           a.password_hash, a.has_avatar, a.id);
    CW_RETURN_IF_ERROR(q.Run());
    if (q.Changes() == 0) return NotFound("account not found");
    return OkStatus();
  });
}

Status SqliteAccountStore::AddAccountCounters(Id id, int64_t fans, int64_t following,
                                              int64_t posts) {
  return WriteOneStatement(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE accounts SET fans_count = MAX(0, fans_count + ?), following_count = MAX(0, "
           "following_count + ?), posts_count = MAX(0, posts_count + ?) WHERE id = ?");
    return q.Bind(fans, following, posts, id).Run();
  });
}

Status SqliteAccountStore::AddSuspectFans(Id id, int64_t fans) {
  return WriteOneStatement(db_, [&](Conn& c) {
    Stmt q(c, "UPDATE accounts SET suspect_fans_count = MAX(0, suspect_fans_count + ?) WHERE id = ?");
    return q.Bind(fans, id).Run();
  });
}

Status SqliteAccountStore::SetCredible(Id id, bool credible) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "UPDATE accounts SET credible = ? WHERE id = ?");
    return q.Bind(credible, id).Run();
  });
}

Result<int64_t> SqliteAccountStore::CountAccounts() {
  return ReadResult<int64_t>(db_, [&](Conn& c) -> Result<int64_t> {
    Stmt q(c, "SELECT COUNT(*) FROM accounts");
    CW_RETURN_IF_ERROR(q.Step());
    return q.Int(0);
  });
}

Status SqliteAccountStore::PutSession(const Session& s) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO sessions (") + kSessionColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?)");
    return q.Bind(s.id, s.account_id, s.token_hash, s.client, s.ip, s.created_at, s.last_used_at)
        .Run();
  });
}

Result<Session> SqliteAccountStore::GetSessionByTokenHash(std::string_view token_hash) {
  return ReadResult<Session>(db_, [&](Conn& c) -> Result<Session> {
    Stmt q(c, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = ?");
    q.Bind(token_hash);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("session not found");
    return ReadSession(q);
  });
}

Result<std::vector<Session>> SqliteAccountStore::ListSessionsByAccount(Id account_id) {
  return ReadResult<std::vector<Session>>(db_, [&](Conn& c) {
    Stmt q(c, std::string("SELECT ") + kSessionColumns +
                  " FROM sessions WHERE account_id = ? ORDER BY id DESC LIMIT 200");
    q.Bind(account_id);
    return Collect<Session>(q, ReadSession);
  });
}

Status SqliteAccountStore::DeleteSessionById(Id account_id, Id session_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM sessions WHERE id = ? AND account_id = ?");
    CW_RETURN_IF_ERROR(q.Bind(session_id, account_id).Run());
    if (q.Changes() == 0) return NotFound("session not found");
    return OkStatus();
  });
}

Status SqliteAccountStore::DeleteSessionsByAccount(Id account_id) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "DELETE FROM sessions WHERE account_id = ?");
    return q.Bind(account_id).Run();
  });
}

Status SqliteAccountStore::TouchSession(const Session& session, TimeMs at) {
  return db_.WriteLater([id = session.id, at](Conn& c) {
    Stmt q(c, "UPDATE sessions SET last_used_at = ? WHERE id = ? AND last_used_at < ?");
    return q.Bind(at, id, at).Run();
  });
}

}  // namespace cw::sqlite
