#include "service/relation_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class RelationServiceTest : public TestRig {};

TEST_F(RelationServiceTest, FollowIsIdempotentAndKeepsCounters) {
  Account a = Member("alice"), b = Member("bob");
  ASSERT_OK(relations_->Follow(a, b.id));
  ASSERT_OK(relations_->Follow(a, b.id));
  EXPECT_EQ(Reload(a).following_count, 1);
  EXPECT_EQ(Reload(b).fans_count, 1);
  EXPECT_EQ(NotificationTypes(b), std::vector<NotificationType>{NotificationType::kFollow});
  ASSERT_OK(relations_->Unfollow(a, b.id));
  ASSERT_OK(relations_->Unfollow(a, b.id));
  EXPECT_EQ(Reload(a).following_count, 0);
  EXPECT_EQ(Reload(b).fans_count, 0);
}

TEST_F(RelationServiceTest, MutualFollowsAreFriends) {
  Account a = Member("alice"), b = Member("bob");
  Follow(a, b);
  auto r = relations_->GetRelationship(a, b.id);
  ASSERT_OK(r);
  EXPECT_FALSE(r->facts.friends());
  Follow(b, a);
  r = relations_->GetRelationship(a, b.id);
  EXPECT_TRUE(r->facts.friends());
  EXPECT_TRUE(r->facts.followed_by);
}

TEST_F(RelationServiceTest, CannotFollowYourselfOrUnknownAccounts) {
  Account a = Member("alice");
  EXPECT_CODE(relations_->Follow(a, a.id), ErrorCode::kInvalidArgument);
  EXPECT_CODE(relations_->Follow(a, 12345), ErrorCode::kNotFound);
}

TEST_F(RelationServiceTest, BlockRemovesFollowsBothWaysAndStopsFollowing) {
  Account a = Member("alice"), b = Member("bob");
  Follow(a, b);
  Follow(b, a);
  ASSERT_OK(relations_->Block(a, b.id));
  EXPECT_EQ(Reload(a).fans_count, 0);
  EXPECT_EQ(Reload(a).following_count, 0);
  EXPECT_EQ(Reload(b).fans_count, 0);
  EXPECT_CODE(relations_->Follow(b, a.id), ErrorCode::kPermissionDenied);
  EXPECT_CODE(relations_->Follow(a, b.id), ErrorCode::kPermissionDenied);
  ASSERT_OK(relations_->Unblock(a, b.id));
  ASSERT_OK(relations_->Follow(b, a.id));
}

TEST_F(RelationServiceTest, FansListPagesNewestFirst) {
  Account star = Member("star");
  std::vector<Account> fans;
  for (int i = 0; i < 5; ++i) {
    fans.push_back(Member("fan" + std::to_string(i)));
    Follow(fans.back(), star);
    clock_.Advance(5);
  }
  Page page;
  page.limit = 2;
  auto first = relations_->ListFans(star.id, page);
  ASSERT_OK(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].second.handle, "fan4");
  EXPECT_EQ((*first)[1].second.handle, "fan3");
  page.max_id = first->back().first;
  auto second = relations_->ListFans(star.id, page);
  ASSERT_OK(second);
  EXPECT_EQ((*second)[0].second.handle, "fan2");
}

TEST_F(RelationServiceTest, GroupsHoldFolloweesWithinTheLimits) {
  ctx_.limits.max_groups = 2;
  ctx_.limits.max_group_members = 2;
  relations_ = std::make_unique<RelationService>(ctx_, notifications_.get());
  Account owner = Member("owner");
  Account x = Member("xx"), y = Member("yy"), z = Member("zz");
  auto g = relations_->CreateGroup(owner, "朋友");
  ASSERT_OK(g);
  ASSERT_OK(relations_->CreateGroup(owner, "同事"));
  EXPECT_CODE(relations_->CreateGroup(owner, "第三"), ErrorCode::kInvalidArgument);
  EXPECT_CODE(relations_->AddGroupMembers(owner, g->id, {x.id}), ErrorCode::kInvalidArgument);
  Follow(owner, x);
  Follow(owner, y);
  Follow(owner, z);
  ASSERT_OK(relations_->AddGroupMembers(owner, g->id, {x.id, y.id}));
  EXPECT_CODE(relations_->AddGroupMembers(owner, g->id, {z.id}), ErrorCode::kInvalidArgument);
  EXPECT_EQ(relations_->ListGroupMembers(owner, g->id)->size(), 2u);
  // Unfollowing removes the account from the owner's groups.
  ASSERT_OK(relations_->Unfollow(owner, x.id));
  EXPECT_EQ(relations_->ListGroupMembers(owner, g->id)->size(), 1u);
  // Someone else's group is not found.
  EXPECT_CODE(relations_->RenameGroup(x, g->id, "mine"), ErrorCode::kNotFound);
  ASSERT_OK(relations_->RenameGroup(owner, g->id, "好友"));
  EXPECT_EQ(relations_->GetGroup(owner, g->id)->title, "好友");
  ASSERT_OK(relations_->DeleteGroup(owner, g->id));
  EXPECT_CODE(relations_->GetGroup(owner, g->id), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cw::testing
