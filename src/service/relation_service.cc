#include "service/relation_service.h"

#include <algorithm>
#include <unordered_map>

#include "common/text/utf8.h"
#include "service/account_service.h"
#include "service/honest_counts.h"

namespace cw {
thread_local std::vector<Id> RelationService::lost_fans_;

Result<Account> RelationService::ActiveTarget(const Account& viewer, Id target) {
  auto a = ctx_.store->accounts().GetAccountById(target);
  if (!a.ok()) return a.error();
  if (IsHiddenState(a->state) && !IsModerator(viewer)) {
    return NotFound("account not found");
  }
  return a;
}

Result<Relationship> RelationService::GetRelationship(const Account& viewer, Id target) {
  Relationship r;
  r.target_id = target;
  CW_ASSIGN_OR_RETURN(r.facts, ctx_.store->relations().GetRelationFacts(viewer.id, target));
  CW_ASSIGN_OR_RETURN(r.group_ids, ctx_.store->relations().ListGroupIdsContaining(viewer.id, target));
  return r;
}

Result<Relationship> RelationService::Follow(const Account& viewer, Id target) {
  if (target == viewer.id) return InvalidArgument("you cannot follow yourself");
  CW_ASSIGN_OR_RETURN(Account t, ActiveTarget(viewer, target));
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(RelationFacts f, ctx_.store->relations().GetRelationFacts(viewer.id, target));
    if (f.blocking) return PermissionDenied("unblock this account first");
    if (f.blocked_by) return PermissionDenied("you cannot follow this account");
    if (f.following) return OkStatus();
    TimeMs now = ctx_.clock->NowMs();
    CW_RETURN_IF_ERROR(
        ctx_.store->relations().PutFollow({ctx_.ids->Next(), viewer.id, target, now}));
    CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(viewer.id, 0, 1, 0));
    CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(target, 1, 0, 0));
    if (!viewer.credible) CW_RETURN_IF_ERROR(ctx_.store->accounts().AddSuspectFans(target, 1));
    Notification n;
    n.account_id = target;
    n.type = NotificationType::kFollow;
    n.from_account_id = viewer.id;
    n.created_at = now;
    return notifications_->Notify(n);
  }));
  if (timeline_) CW_RETURN_IF_ERROR(timeline_->OnFollow(viewer.id, target));
  return GetRelationship(viewer, target);
}

Status RelationService::RemoveFollow(Id follower, Id followee) {
  Status st = ctx_.store->relations().DeleteFollow(follower, followee, ctx_.clock->NowMs());
  if (HasCode(st, ErrorCode::kNotFound)) return OkStatus();
  CW_RETURN_IF_ERROR(st);
  lost_fans_.push_back(followee);
  CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(follower, 0, -1, 0));
  CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(followee, -1, 0, 0));
  CW_ASSIGN_OR_RETURN(bool credible, IsCredible(*ctx_.store, follower));
  if (!credible) CW_RETURN_IF_ERROR(ctx_.store->accounts().AddSuspectFans(followee, -1));
  // A group holds followees only.
  return ctx_.store->relations().DeleteMemberFromOwnerGroups(follower, followee);
}

Status RelationService::AfterFollowsRemoved(std::vector<Id> lost) {
  if (!timeline_) return OkStatus();
  for (Id author : lost) CW_RETURN_IF_ERROR(timeline_->OnFanLost(author));
  return OkStatus();
}

Result<Relationship> RelationService::Unfollow(const Account& viewer, Id target) {
  std::vector<Id> lost;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    lost_fans_.clear();
    Status st = RemoveFollow(viewer.id, target);
    lost = lost_fans_;
    return st;
  }));
  CW_RETURN_IF_ERROR(AfterFollowsRemoved(lost));
  return GetRelationship(viewer, target);
}

Result<int64_t> RelationService::RemoveFollows(const std::vector<std::pair<Id, Id>>& pairs) {
  std::vector<Id> lost;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    lost_fans_.clear();
    for (const auto& [follower, followee] : pairs) {
      CW_RETURN_IF_ERROR(RemoveFollow(follower, followee));
    }
    lost = lost_fans_;
    return OkStatus();
  }));
  auto removed = static_cast<int64_t>(lost.size());
  CW_RETURN_IF_ERROR(AfterFollowsRemoved(std::move(lost)));
  return removed;
}

Result<Relationship> RelationService::Block(const Account& viewer, Id target) {
  if (target == viewer.id) return InvalidArgument("you cannot block yourself");
  CW_ASSIGN_OR_RETURN(Account t, ActiveTarget(viewer, target));
  std::vector<Id> lost;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    lost_fans_.clear();
    Status st = ctx_.store->relations().PutBlock(viewer.id, target, ctx_.clock->NowMs());
    if (HasCode(st, ErrorCode::kAlreadyExists)) return OkStatus();
    CW_RETURN_IF_ERROR(st);
    CW_RETURN_IF_ERROR(RemoveFollow(viewer.id, target));
    CW_RETURN_IF_ERROR(RemoveFollow(target, viewer.id));
    lost = lost_fans_;
    return OkStatus();
  }));
  CW_RETURN_IF_ERROR(AfterFollowsRemoved(lost));
  return GetRelationship(viewer, target);
}

Result<Relationship> RelationService::Unblock(const Account& viewer, Id target) {
  Status st = ctx_.store->relations().DeleteBlock(viewer.id, target);
  if (!HasCode(st, ErrorCode::kNotFound)) CW_RETURN_IF_ERROR(st);
  return GetRelationship(viewer, target);
}

Result<Relationship> RelationService::Mute(const Account& viewer, Id target) {
  if (target == viewer.id) return InvalidArgument("you cannot mute yourself");
  CW_ASSIGN_OR_RETURN(Account t, ActiveTarget(viewer, target));
  Status st = ctx_.store->relations().PutMute(viewer.id, target, ctx_.clock->NowMs());
  if (!HasCode(st, ErrorCode::kAlreadyExists)) CW_RETURN_IF_ERROR(st);
  return GetRelationship(viewer, target);
}

Result<Relationship> RelationService::Unmute(const Account& viewer, Id target) {
  Status st = ctx_.store->relations().DeleteMute(viewer.id, target);
  if (!HasCode(st, ErrorCode::kNotFound)) CW_RETURN_IF_ERROR(st);
  return GetRelationship(viewer, target);
}

Result<std::vector<std::pair<Id, Account>>> RelationService::WithAccounts(
    const std::vector<::cw::Follow>& rows, bool fans) {
  std::vector<Id> ids;
  for (const auto& f : rows) ids.push_back(fans ? f.follower_id : f.followee_id);
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetAccountsByIds(ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  std::vector<std::pair<Id, Account>> out;
  for (const auto& f : rows) {
    auto it = by_id.find(fans ? f.follower_id : f.followee_id);
    if (it != by_id.end() && it->second.state != AccountState::kSuspended) {
      out.emplace_back(f.id, it->second);
    }
  }
  return out;
}

Result<std::vector<std::pair<Id, Account>>> RelationService::ListFans(Id account_id,
                                                                      const Page& page) {
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->relations().ListFans(account_id, page));
  return WithAccounts(rows, true);
}

Result<std::vector<std::pair<Id, Account>>> RelationService::ListFollowing(Id account_id,
                                                                           const Page& page) {
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->relations().ListFollowing(account_id, page));
  return WithAccounts(rows, false);
}

Status RelationService::CheckGroupTitle(const std::string& title) {
  CW_RETURN_IF_ERROR(CheckText(title, ctx_.limits.group_title_chars, "title", false));
  if (text::TrimAscii(title).empty()) return InvalidArgument("title must not be empty");
  return OkStatus();
}

Result<FolloweeGroup> RelationService::CreateGroup(const Account& viewer, const std::string& title) {
  CW_RETURN_IF_ERROR(CheckGroupTitle(title));
  FolloweeGroup g;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(auto groups, ctx_.store->relations().ListGroupsByOwner(viewer.id));
    if (static_cast<int>(groups.size()) >= ctx_.limits.max_groups) {
      return InvalidArgument("at most " + std::to_string(ctx_.limits.max_groups) + " groups");
    }
    g.id = ctx_.ids->Next();
    g.owner_id = viewer.id;
    g.title = std::string(text::TrimAscii(title));
    g.created_at = ctx_.clock->NowMs();
    return ctx_.store->relations().PutGroup(g);
  }));
  return g;
}

Result<FolloweeGroup> RelationService::GetGroup(const Account& viewer, Id group_id) {
  auto g = ctx_.store->relations().GetGroupById(group_id);
  if (!g.ok()) return g.error();
  if (g->owner_id != viewer.id) return NotFound("group not found");
  return g;
}

Result<FolloweeGroup> RelationService::RenameGroup(const Account& viewer, Id group_id,
                                                   const std::string& title) {
  CW_RETURN_IF_ERROR(CheckGroupTitle(title));
  CW_RETURN_IF_ERROR(GetGroup(viewer, group_id).status());
  CW_RETURN_IF_ERROR(
      ctx_.store->relations().RenameGroup(group_id, std::string(text::TrimAscii(title))));
  return GetGroup(viewer, group_id);
}

Status RelationService::DeleteGroup(const Account& viewer, Id group_id) {
  CW_RETURN_IF_ERROR(GetGroup(viewer, group_id).status());
  return ctx_.store->relations().DeleteGroupById(group_id);
}

Result<std::vector<FolloweeGroup>> RelationService::ListGroups(const Account& viewer) {
  return ctx_.store->relations().ListGroupsByOwner(viewer.id);
}

Status RelationService::AddGroupMembers(const Account& viewer, Id group_id,
                                        const std::vector<Id>& accounts) {
  if (accounts.empty()) return InvalidArgument("account_ids must not be empty");
  if (static_cast<int>(accounts.size()) > ctx_.limits.max_group_members) {
    return InvalidArgument("too many accounts");
  }
  return ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(FolloweeGroup g, GetGroup(viewer, group_id));
    int64_t count = g.members_count;
    for (Id id : accounts) {
      CW_ASSIGN_OR_RETURN(RelationFacts f, ctx_.store->relations().GetRelationFacts(viewer.id, id));
      if (!f.following) return InvalidArgument("group members must be accounts you follow");
      Status st = ctx_.store->relations().PutGroupMember(group_id, id, ctx_.clock->NowMs());
      if (HasCode(st, ErrorCode::kAlreadyExists)) continue;
      CW_RETURN_IF_ERROR(st);
      if (++count > ctx_.limits.max_group_members) {
        return InvalidArgument("a group holds at most " +
                               std::to_string(ctx_.limits.max_group_members) + " accounts");
      }
    }
    return OkStatus();
  });
}

Status RelationService::RemoveGroupMembers(const Account& viewer, Id group_id,
                                           const std::vector<Id>& accounts) {
  if (static_cast<int>(accounts.size()) > ctx_.limits.max_group_members) {
    return InvalidArgument("too many accounts");
  }
  return ctx_.store->Write([&]() -> Status {
    CW_RETURN_IF_ERROR(GetGroup(viewer, group_id).status());
    for (Id id : accounts) {
      Status st = ctx_.store->relations().DeleteGroupMember(group_id, id);
      if (!HasCode(st, ErrorCode::kNotFound)) CW_RETURN_IF_ERROR(st);
    }
    return OkStatus();
  });
}

Result<std::vector<Account>> RelationService::ListGroupMembers(const Account& viewer, Id group_id) {
  CW_RETURN_IF_ERROR(GetGroup(viewer, group_id).status());
  CW_ASSIGN_OR_RETURN(auto ids, ctx_.store->relations().ListGroupMemberIds(group_id));
  return ctx_.store->accounts().GetAccountsByIds(ids);
}

}  // namespace cw
