// SignupStore on SQLite: invitation codes, their uses, and the pending-accounts index.
#include "store/sqlite/sqlite_signup.h"

#include <algorithm>

#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

constexpr const char* kInviteColumns =
    "id, code, created_by, created_at, expires_at, max_uses, uses, revoked";

Invite ReadInvite(Stmt& q) {
  Invite i;
  i.id = q.Int(0);
  i.code = q.Text(1);
  i.created_by = q.Int(2);
  i.created_at = q.Int(3);
  i.expires_at = q.Int(4);
  i.max_uses = q.Int(5);
  i.uses = q.Int(6);
  i.revoked = q.Int(7) != 0;
  return i;
}

}  // namespace

Status SqliteSignupStore::PutInvite(const Invite& i) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO invites (") + kInviteColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    return q.Bind(i.id, i.code, i.created_by, i.created_at, i.expires_at, i.max_uses, i.uses,
                  i.revoked)
        .Run();
  });
}

Result<Invite> SqliteSignupStore::GetInviteByCode(const std::string& code) {
  return ReadResult<Invite>(db_, [&](Conn& c) -> Result<Invite> {
    Stmt q(c, std::string("SELECT ") + kInviteColumns + " FROM invites WHERE code = ?");
    q.Bind(code);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("no such invite");
    return ReadInvite(q);
  });
}

Result<std::vector<Invite>> SqliteSignupStore::ListInvites(const Page& page) {
  return ReadResult<std::vector<Invite>>(db_, [&](Conn& c) -> Result<std::vector<Invite>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kInviteColumns + " FROM invites WHERE 1 = 1" + pc.sql);
    BindArgs(q, 1, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Invite>(q, ReadInvite));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteSignupStore::PutInviteUse(Id invite_id, Id account_id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt u(c, "UPDATE invites SET uses = uses + 1 WHERE id = ?");
    CW_RETURN_IF_ERROR(u.Bind(invite_id).Run());
    if (u.Changes() == 0) return NotFound("no such invite");
    Stmt q(c, "INSERT INTO invite_uses (invite_id, account_id, created_at) VALUES (?, ?, ?)");
    return q.Bind(invite_id, account_id, at).Run();
  });
}

Status SqliteSignupStore::RevokeInvite(Id invite_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt u(c, "UPDATE invites SET revoked = 1 WHERE id = ?");
    CW_RETURN_IF_ERROR(u.Bind(invite_id).Run());
    if (u.Changes() == 0) return NotFound("no such invite");
    return OkStatus();
  });
}

Result<std::vector<Id>> SqliteSignupStore::ListPendingAccountIds(const Page& page) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) -> Result<std::vector<Id>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT id FROM accounts WHERE state = 'pending'") + pc.sql);
    BindArgs(q, 1, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

}  // namespace cw::sqlite
