// Follow, unfollow, block, mute, relationships, fans/following lists and followee groups.
// Thread-safe.
#pragma once

#include "service/context.h"
#include "service/notification_service.h"
#include "timeline/timeline_engine.h"

namespace cw {

struct Relationship {
  Id target_id = 0;
  RelationFacts facts;
  std::vector<Id> group_ids;  // the viewer's groups that hold the target
};

class RelationService {
 public:
  RelationService(const ServiceContext& ctx, NotificationService* notifications)
      : ctx_(ctx), notifications_(notifications) {}
  void set_timeline(TimelineEngine* timeline) { timeline_ = timeline; }

  // Idempotent. kInvalidArgument for oneself, kNotFound for an unknown or suspended target,
  // kPermissionDenied when either blocks the other.
  Result<Relationship> Follow(const Account& viewer, Id target);
  // Idempotent. Also removes the target from the viewer's groups.
  Result<Relationship> Unfollow(const Account& viewer, Id target);
  // Idempotent. Blocking removes follows both ways (and group memberships).
  Result<Relationship> Block(const Account& viewer, Id target);
  Result<Relationship> Unblock(const Account& viewer, Id target);
  Result<Relationship> Mute(const Account& viewer, Id target);
  Result<Relationship> Unmute(const Account& viewer, Id target);
  Result<Relationship> GetRelationship(const Account& viewer, Id target);
  // Removes the follows given as (follower, followee) pairs, with their counters (moderation:
  // a zombie block's follows). Returns how many existed.
  Result<int64_t> RemoveFollows(const std::vector<std::pair<Id, Id>>& pairs);

  // Fans / followees of `account_id` as (follow id, account), newest first.
  Result<std::vector<std::pair<Id, Account>>> ListFans(Id account_id, const Page& page);
  Result<std::vector<std::pair<Id, Account>>> ListFollowing(Id account_id, const Page& page);

  Result<FolloweeGroup> CreateGroup(const Account& viewer, const std::string& title);
  Result<FolloweeGroup> RenameGroup(const Account& viewer, Id group_id, const std::string& title);
  Status DeleteGroup(const Account& viewer, Id group_id);
  Result<std::vector<FolloweeGroup>> ListGroups(const Account& viewer);
  // kNotFound unless the viewer owns the group.
  Result<FolloweeGroup> GetGroup(const Account& viewer, Id group_id);
  // Members must be followees (kInvalidArgument); over the limit: kInvalidArgument.
  Status AddGroupMembers(const Account& viewer, Id group_id, const std::vector<Id>& accounts);
  Status RemoveGroupMembers(const Account& viewer, Id group_id, const std::vector<Id>& accounts);
  Result<std::vector<Account>> ListGroupMembers(const Account& viewer, Id group_id);

 private:
  Result<Account> ActiveTarget(const Account& viewer, Id target);
  // Inside a write unit; records the followee in lost_fans_.
  Status RemoveFollow(Id follower, Id followee);
  Status AfterFollowsRemoved(std::vector<Id> lost);
  Status CheckGroupTitle(const std::string& title);
  Result<std::vector<std::pair<Id, Account>>> WithAccounts(const std::vector<::cw::Follow>& rows,
                                                           bool fans);
  ServiceContext ctx_;
  NotificationService* notifications_;
  TimelineEngine* timeline_ = nullptr;
  // Followees that lost a fan in the write unit running on the writer thread.
  static thread_local std::vector<Id> lost_fans_;
};

}  // namespace cw
