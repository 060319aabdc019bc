// RelationStore on SQLite: follows (with their history), blocks, mutes, followee groups.
#include <algorithm>

#include "store/sqlite/internal.h"
#include "store/sqlite/sqlite_store.h"

namespace cw::sqlite {
namespace {
Follow ReadFollow(Stmt& q) { return Follow{q.Int(0), q.Int(1), q.Int(2), q.Int(3)}; }

Result<bool> Exists(Conn& c, const char* sql, Id a, Id b) {
  Stmt q(c, sql);
  q.Bind(a, b);
  return q.Step();
}
}  // namespace

Result<RelationFacts> SqliteRelationStore::GetRelationFacts(Id viewer, Id target) {
  return ReadResult<RelationFacts>(db_, [&](Conn& c) -> Result<RelationFacts> {
    RelationFacts f;
    if (viewer == 0 || target == 0 || viewer == target) return f;
    const char* kFollow = "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?";
    const char* kBlock = "SELECT 1 FROM blocks WHERE account_id = ? AND target_id = ?";
    CW_ASSIGN_OR_RETURN(f.following, Exists(c, kFollow, viewer, target));
    CW_ASSIGN_OR_RETURN(f.followed_by, Exists(c, kFollow, target, viewer));
    CW_ASSIGN_OR_RETURN(f.blocking, Exists(c, kBlock, viewer, target));
    CW_ASSIGN_OR_RETURN(f.blocked_by, Exists(c, kBlock, target, viewer));
    CW_ASSIGN_OR_RETURN(
        f.muting,
        Exists(c, "SELECT 1 FROM mutes WHERE account_id = ? AND target_id = ?", viewer, target));
    return f;
  });
}

Result<bool> InsertFollow(Conn& c, const Follow& f, bool skip_existing) {
  Stmt q(c, std::string("INSERT INTO follows (id, follower_id, followee_id, created_at) VALUES "
                        "(?, ?, ?, ?)") +
                (skip_existing ? " ON CONFLICT DO NOTHING" : ""));
  CW_RETURN_IF_ERROR(q.Bind(f.id, f.follower_id, f.followee_id, f.created_at).Run());
  if (q.Changes() == 0) return false;
  Stmt e(c,
         "INSERT INTO follow_events (follower_id, followee_id, action, at) VALUES (?, ?, "
         "'follow', ?)");
  CW_RETURN_IF_ERROR(e.Bind(f.follower_id, f.followee_id, f.created_at).Run());
  return true;
}

Result<bool> DeleteFollowRow(Conn& c, Id follower_id, Id followee_id, TimeMs at) {
  Stmt q(c, "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?");
  CW_RETURN_IF_ERROR(q.Bind(follower_id, followee_id).Run());
  if (q.Changes() == 0) return false;
  Stmt e(c,
         "INSERT INTO follow_events (follower_id, followee_id, action, at) VALUES (?, ?, "
         "'unfollow', ?)");
  CW_RETURN_IF_ERROR(e.Bind(follower_id, followee_id, at).Run());
  return true;
}

Status SqliteRelationStore::PutFollow(const Follow& f) {
  return WriteStatus(db_, [&](Conn& c) { return InsertFollow(c, f, false).status(); });
}

Status SqliteRelationStore::DeleteFollow(Id follower_id, Id followee_id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    CW_ASSIGN_OR_RETURN(bool deleted, DeleteFollowRow(c, follower_id, followee_id, at));
    if (!deleted) return NotFound("not following");
    return OkStatus();
  });
}

Result<std::vector<Follow>> SqliteRelationStore::ListFollows(const char* key_column, Id account_id,
                                                             const Page& page) {
  return ReadResult<std::vector<Follow>>(db_, [&](Conn& c) -> Result<std::vector<Follow>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT id, follower_id, followee_id, created_at FROM follows WHERE ") +
                  key_column + " = ?" + pc.sql);
    q.Bind(account_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Follow>(q, ReadFollow));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<std::vector<Follow>> SqliteRelationStore::ListFans(Id account_id, const Page& page) {
  return ListFollows("followee_id", account_id, page);
}

Result<std::vector<Follow>> SqliteRelationStore::ListFollowing(Id account_id, const Page& page) {
  return ListFollows("follower_id", account_id, page);
}

Result<std::vector<Id>> SqliteRelationStore::ListFolloweeIds(Id account_id) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) {
    Stmt q(c, "SELECT followee_id FROM follows WHERE follower_id = ?");
    q.Bind(account_id);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Result<std::vector<Id>> SqliteRelationStore::ListFanIds(Id account_id) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) {
    Stmt q(c, "SELECT follower_id FROM follows WHERE followee_id = ?");
    q.Bind(account_id);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Status SqliteRelationStore::PutPair(const char* table, Id account_id, Id target_id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO ") + table +
                  " (account_id, target_id, created_at) VALUES (?, ?, ?)");
    return q.Bind(account_id, target_id, at).Run();
  });
}

Status SqliteRelationStore::DeletePair(const char* table, Id account_id, Id target_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, std::string("DELETE FROM ") + table + " WHERE account_id = ? AND target_id = ?");
    CW_RETURN_IF_ERROR(q.Bind(account_id, target_id).Run());
    if (q.Changes() == 0) return NotFound("no such relation");
    return OkStatus();
  });
}

Status SqliteRelationStore::PutBlock(Id a, Id t, TimeMs at) { return PutPair("blocks", a, t, at); }
Status SqliteRelationStore::DeleteBlock(Id a, Id t) { return DeletePair("blocks", a, t); }
Status SqliteRelationStore::PutMute(Id a, Id t, TimeMs at) { return PutPair("mutes", a, t, at); }
Status SqliteRelationStore::DeleteMute(Id a, Id t) { return DeletePair("mutes", a, t); }

Result<std::unordered_set<Id>> SqliteRelationStore::FilterMutedOrBlocked(
    Id account_id, const std::vector<Id>& ids) {
  return ReadResult<std::unordered_set<Id>>(
      db_, [&](Conn& c) -> Result<std::unordered_set<Id>> {
        std::unordered_set<Id> out;
        if (account_id == 0) return out;
        CW_RETURN_IF_ERROR(
            ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
              Stmt q(c, "SELECT target_id FROM mutes WHERE account_id = ? AND target_id IN (" +
                            ph +
                            ") UNION SELECT target_id FROM blocks WHERE account_id = ? AND "
                            "target_id IN (" +
                            ph +
                            ") UNION SELECT account_id FROM blocks WHERE target_id = ? AND "
                            "account_id IN (" +
                            ph + ")");
              int i = 1;
              for (int part = 0; part < 3; ++part) {
                q.BindOne(i++, account_id);
                BindArgs(q, i, chunk);
                i += static_cast<int>(chunk.size());
              }
              CW_ASSIGN_OR_RETURN(auto rows, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
              out.insert(rows.begin(), rows.end());
              return OkStatus();
            }));
        return out;
      });
}

Result<std::unordered_set<Id>> SqliteRelationStore::ListMutedOrBlocked(Id account_id) {
  return ReadResult<std::unordered_set<Id>>(db_, [&](Conn& c) -> Result<std::unordered_set<Id>> {
    Stmt q(c,
           "SELECT target_id FROM mutes WHERE account_id = ? UNION SELECT target_id FROM blocks "
           "WHERE account_id = ? UNION SELECT account_id FROM blocks WHERE target_id = ?");
    q.Bind(account_id, account_id, account_id);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
    return std::unordered_set<Id>(rows.begin(), rows.end());
  });
}

namespace {
constexpr const char* kGroupSelect =
    "SELECT g.id, g.owner_id, g.title, g.created_at, (SELECT COUNT(*) FROM "
    "followee_group_members m WHERE m.group_id = g.id) FROM followee_groups g ";
FolloweeGroup ReadGroup(Stmt& q) {
  return FolloweeGroup{q.Int(0), q.Int(1), q.Text(2), q.Int(3), q.Int(4)};
}
}  // namespace

Status SqliteRelationStore::PutGroup(const FolloweeGroup& g) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "INSERT INTO followee_groups (id, owner_id, title, created_at) VALUES (?, ?, ?, ?)");
    return q.Bind(g.id, g.owner_id, g.title, g.created_at).Run();
  });
}

Result<FolloweeGroup> SqliteRelationStore::GetGroupById(Id id) {
  return ReadResult<FolloweeGroup>(db_, [&](Conn& c) -> Result<FolloweeGroup> {
    Stmt q(c, std::string(kGroupSelect) + "WHERE g.id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("group not found");
    return ReadGroup(q);
  });
}

Result<std::vector<FolloweeGroup>> SqliteRelationStore::ListGroupsByOwner(Id owner_id) {
  return ReadResult<std::vector<FolloweeGroup>>(db_, [&](Conn& c) {
    Stmt q(c, std::string(kGroupSelect) + "WHERE g.owner_id = ? ORDER BY g.id");
    q.Bind(owner_id);
    return Collect<FolloweeGroup>(q, ReadGroup);
  });
}

Status SqliteRelationStore::RenameGroup(Id id, const std::string& title) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "UPDATE followee_groups SET title = ? WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(title, id).Run());
    if (q.Changes() == 0) return NotFound("group not found");
    return OkStatus();
  });
}

Status SqliteRelationStore::DeleteGroupById(Id id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM followee_groups WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(id).Run());
    if (q.Changes() == 0) return NotFound("group not found");
    Stmt m(c, "DELETE FROM followee_group_members WHERE group_id = ?");
    return m.Bind(id).Run();
  });
}

Status SqliteRelationStore::PutGroupMember(Id group_id, Id account_id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "INSERT INTO followee_group_members (group_id, account_id, owner_id, created_at) "
           "SELECT id, ?, owner_id, ? FROM followee_groups WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(account_id, at, group_id).Run());
    if (q.Changes() == 0) return NotFound("group not found");
    return OkStatus();
  });
}

Status SqliteRelationStore::DeleteGroupMember(Id group_id, Id account_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM followee_group_members WHERE group_id = ? AND account_id = ?");
    CW_RETURN_IF_ERROR(q.Bind(group_id, account_id).Run());
    if (q.Changes() == 0) return NotFound("not a member of the group");
    return OkStatus();
  });
}

Result<std::vector<Id>> SqliteRelationStore::ListGroupMemberIds(Id group_id) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) {
    Stmt q(c, "SELECT account_id FROM followee_group_members WHERE group_id = ? ORDER BY created_at");
    q.Bind(group_id);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Result<bool> SqliteRelationStore::IsGroupMember(Id group_id, Id account_id) {
  return ReadResult<bool>(db_, [&](Conn& c) {
    return Exists(c, "SELECT 1 FROM followee_group_members WHERE group_id = ? AND account_id = ?",
                  group_id, account_id);
  });
}

Result<std::vector<Id>> SqliteRelationStore::ListGroupIdsContaining(Id owner_id, Id member_id) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) {
    Stmt q(c,
           "SELECT group_id FROM followee_group_members WHERE owner_id = ? AND account_id = ? "
           "ORDER BY group_id");
    q.Bind(owner_id, member_id);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Status SqliteRelationStore::DeleteMemberFromOwnerGroups(Id owner_id, Id member_id) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "DELETE FROM followee_group_members WHERE owner_id = ? AND account_id = ?");
    return q.Bind(owner_id, member_id).Run();
  });
}

}  // namespace cw::sqlite
