// RelationStore on a real SQLite store: follows and their paging, blocks, mutes, groups.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.h"

namespace cw::testing {
namespace {

class RelationStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddAccount("ann");
    bob_ = AddAccount("bob");
    cat_ = AddAccount("cat");
  }

  // Adds `n` fans of `target` and returns their follows, oldest first.
  std::vector<Follow> AddFans(Id target, int n) {
    std::vector<Follow> out;
    for (int i = 0; i < n; ++i) {
      Account fan = AddAccount("fan_" + std::to_string(target) + "_" + std::to_string(i));
      out.push_back(AddFollow(fan.id, target));
    }
    return out;
  }

  FolloweeGroup AddGroup(Id owner, const std::string& title) {
    FolloweeGroup g{NextId(), owner, title, Now(), 0};
    EXPECT_EQ(Describe(relations().PutGroup(g)), "ok");
    return g;
  }

  std::vector<Id> Reversed(std::vector<Id> ids) {
    std::reverse(ids.begin(), ids.end());
    return ids;
  }

  Account ann_, bob_, cat_;
};

TEST_F(RelationStoreTest, StrangersHaveNoRelation) {
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_FALSE(f.following);
  EXPECT_FALSE(f.followed_by);
  EXPECT_FALSE(f.blocking);
  EXPECT_FALSE(f.blocked_by);
  EXPECT_FALSE(f.muting);
  EXPECT_FALSE(f.friends());
}

TEST_F(RelationStoreTest, AFollowShowsFromBothSides) {
  AddFollow(ann_.id, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ab, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_TRUE(ab.following);
  EXPECT_FALSE(ab.followed_by);
  EXPECT_FALSE(ab.friends());
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ba, relations().GetRelationFacts(bob_.id, ann_.id));
  EXPECT_FALSE(ba.following);
  EXPECT_TRUE(ba.followed_by);
}

TEST_F(RelationStoreTest, MutualFollowsMakeFriends) {
  AddFollow(ann_.id, bob_.id);
  AddFollow(bob_.id, ann_.id);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_TRUE(f.friends());
}

TEST_F(RelationStoreTest, FollowingTwiceIsAlreadyExists) {
  AddFollow(ann_.id, bob_.id);
  Follow again{NextId(), ann_.id, bob_.id, Now()};
  CW_EXPECT_CODE(relations().PutFollow(again), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK_AND_ASSIGN(auto fans, relations().ListFans(bob_.id, Page{}));
  EXPECT_EQ(fans.size(), 1u);
}

TEST_F(RelationStoreTest, UnfollowRemovesTheFollow) {
  AddFollow(ann_.id, bob_.id);
  CW_ASSERT_OK(relations().DeleteFollow(ann_.id, bob_.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_FALSE(f.following);
  CW_ASSERT_OK_AND_ASSIGN(auto fans, relations().ListFans(bob_.id, Page{}));
  EXPECT_TRUE(fans.empty());
  // And following again afterwards works.
  AddFollow(ann_.id, bob_.id);
}

TEST_F(RelationStoreTest, UnfollowingWhenNotFollowingIsNotFound) {
  CW_EXPECT_CODE(relations().DeleteFollow(ann_.id, bob_.id, Now()), ErrorCode::kNotFound);
  AddFollow(bob_.id, ann_.id);  // the other direction does not count
  CW_EXPECT_CODE(relations().DeleteFollow(ann_.id, bob_.id, Now()), ErrorCode::kNotFound);
}

TEST_F(RelationStoreTest, FansAndFollowingListNewestFirst) {
  Follow f1 = AddFollow(ann_.id, cat_.id);
  Follow f2 = AddFollow(bob_.id, cat_.id);
  Follow f3 = AddFollow(cat_.id, ann_.id);
  Follow f4 = AddFollow(cat_.id, bob_.id);

  CW_ASSERT_OK_AND_ASSIGN(auto fans, relations().ListFans(cat_.id, Page{}));
  EXPECT_EQ(IdsOf(fans), (std::vector<Id>{f2.id, f1.id}));
  EXPECT_EQ(fans[0].follower_id, bob_.id);
  EXPECT_EQ(fans[0].followee_id, cat_.id);
  EXPECT_EQ(fans[0].created_at, f2.created_at);

  CW_ASSERT_OK_AND_ASSIGN(auto following, relations().ListFollowing(cat_.id, Page{}));
  EXPECT_EQ(IdsOf(following), (std::vector<Id>{f4.id, f3.id}));

  CW_ASSERT_OK_AND_ASSIGN(auto followees, relations().ListFolloweeIds(cat_.id));
  std::sort(followees.begin(), followees.end());
  EXPECT_EQ(followees, (std::vector<Id>{ann_.id, bob_.id}));
}

TEST_F(RelationStoreTest, FansPageBackwardsWithMaxId) {
  std::vector<Follow> fans = AddFans(ann_.id, 7);
  std::vector<Id> newest_first = Reversed(IdsOf(fans));

  CW_ASSERT_OK_AND_ASSIGN(auto p1, relations().ListFans(ann_.id, Limit(3)));
  EXPECT_EQ(IdsOf(p1), std::vector<Id>(newest_first.begin(), newest_first.begin() + 3));
  CW_ASSERT_OK_AND_ASSIGN(auto p2, relations().ListFans(ann_.id, MaxId(p1.back().id, 3)));
  EXPECT_EQ(IdsOf(p2), std::vector<Id>(newest_first.begin() + 3, newest_first.begin() + 6));
  CW_ASSERT_OK_AND_ASSIGN(auto p3, relations().ListFans(ann_.id, MaxId(p2.back().id, 3)));
  EXPECT_EQ(IdsOf(p3), std::vector<Id>(newest_first.begin() + 6, newest_first.end()));
  CW_ASSERT_OK_AND_ASSIGN(auto p4, relations().ListFans(ann_.id, MaxId(p3.back().id, 3)));
  EXPECT_TRUE(p4.empty());
}

TEST_F(RelationStoreTest, SinceIdGivesTheNewestPageAboveItNewestFirst) {
  std::vector<Follow> fans = AddFans(ann_.id, 6);
  // Above fans[1]: fans[2..5]; the newest two of those, newest first.
  CW_ASSERT_OK_AND_ASSIGN(auto got, relations().ListFans(ann_.id, SinceId(fans[1].id, 2)));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{fans[5].id, fans[4].id}));
}

TEST_F(RelationStoreTest, MinIdGivesThePageRightAfterItNewestFirst) {
  std::vector<Follow> fans = AddFans(ann_.id, 6);
  // Right after fans[1]: fans[2], fans[3]; returned newest first like every other page.
  CW_ASSERT_OK_AND_ASSIGN(auto got, relations().ListFans(ann_.id, MinId(fans[1].id, 2)));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{fans[3].id, fans[2].id}));
}

TEST_F(RelationStoreTest, MaxIdAndSinceIdTogetherBoundBothEnds) {
  std::vector<Follow> fans = AddFans(ann_.id, 6);
  Page p;
  p.max_id = fans[4].id;
  p.since_id = fans[1].id;
  CW_ASSERT_OK_AND_ASSIGN(auto got, relations().ListFans(ann_.id, p));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{fans[3].id, fans[2].id}));
}

TEST_F(RelationStoreTest, PageLimitIsClampedToAtLeastOne) {
  AddFans(ann_.id, 3);
  CW_ASSERT_OK_AND_ASSIGN(auto got, relations().ListFans(ann_.id, Limit(0)));
  EXPECT_EQ(got.size(), 1u);
  CW_ASSERT_OK_AND_ASSIGN(auto neg, relations().ListFans(ann_.id, Limit(-5)));
  EXPECT_EQ(neg.size(), 1u);
}

TEST_F(RelationStoreTest, PageLimitIsCappedAt200) {
  AddFans(ann_.id, 205);
  CW_ASSERT_OK_AND_ASSIGN(auto got, relations().ListFans(ann_.id, Limit(1000)));
  EXPECT_EQ(got.size(), 200u);
}

// --- blocks and mutes ---

TEST_F(RelationStoreTest, ABlockShowsFromBothSides) {
  CW_ASSERT_OK(relations().PutBlock(ann_.id, bob_.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ab, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_TRUE(ab.blocking);
  EXPECT_FALSE(ab.blocked_by);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ba, relations().GetRelationFacts(bob_.id, ann_.id));
  EXPECT_FALSE(ba.blocking);
  EXPECT_TRUE(ba.blocked_by);
}

TEST_F(RelationStoreTest, BlockingTwiceIsAlreadyExistsAndUnblockingNothingIsNotFound) {
  CW_ASSERT_OK(relations().PutBlock(ann_.id, bob_.id, Now()));
  CW_EXPECT_CODE(relations().PutBlock(ann_.id, bob_.id, Now()), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK(relations().DeleteBlock(ann_.id, bob_.id));
  CW_EXPECT_CODE(relations().DeleteBlock(ann_.id, bob_.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_FALSE(f.blocking);
}

TEST_F(RelationStoreTest, MutingIsOneWayAndUndoable) {
  CW_ASSERT_OK(relations().PutMute(ann_.id, bob_.id, Now()));
  CW_EXPECT_CODE(relations().PutMute(ann_.id, bob_.id, Now()), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ab, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_TRUE(ab.muting);
  EXPECT_FALSE(ab.blocking);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts ba, relations().GetRelationFacts(bob_.id, ann_.id));
  EXPECT_FALSE(ba.muting);
  CW_ASSERT_OK(relations().DeleteMute(ann_.id, bob_.id));
  CW_EXPECT_CODE(relations().DeleteMute(ann_.id, bob_.id), ErrorCode::kNotFound);
}

TEST_F(RelationStoreTest, MutesAndBlocksAreSeparate) {
  CW_ASSERT_OK(relations().PutMute(ann_.id, bob_.id, Now()));
  CW_EXPECT_CODE(relations().DeleteBlock(ann_.id, bob_.id), ErrorCode::kNotFound);
  CW_ASSERT_OK(relations().PutBlock(ann_.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().DeleteMute(ann_.id, bob_.id));
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f, relations().GetRelationFacts(ann_.id, bob_.id));
  EXPECT_TRUE(f.blocking);
  EXPECT_FALSE(f.muting);
}

TEST_F(RelationStoreTest, FilterFindsMutedAndBlockedInBothDirections) {
  Account dan = AddAccount("dan");
  Account eve = AddAccount("eve");
  Account fay = AddAccount("fay");
  CW_ASSERT_OK(relations().PutMute(ann_.id, bob_.id, Now()));   // ann mutes bob
  CW_ASSERT_OK(relations().PutBlock(ann_.id, cat_.id, Now()));  // ann blocks cat
  CW_ASSERT_OK(relations().PutBlock(dan.id, ann_.id, Now()));   // dan blocks ann
  CW_ASSERT_OK(relations().PutMute(eve.id, ann_.id, Now()));    // eve mutes ann: not ann's filter
  CW_ASSERT_OK(relations().PutBlock(bob_.id, fay.id, Now()));   // unrelated to ann

  CW_ASSERT_OK_AND_ASSIGN(auto hidden, relations().FilterMutedOrBlocked(
                                           ann_.id, {bob_.id, cat_.id, dan.id, eve.id, fay.id}));
  EXPECT_EQ(hidden, (std::unordered_set<Id>{bob_.id, cat_.id, dan.id}));
}

TEST_F(RelationStoreTest, FilterOnlyLooksAtTheGivenIds) {
  CW_ASSERT_OK(relations().PutMute(ann_.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().PutBlock(ann_.id, cat_.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(auto hidden, relations().FilterMutedOrBlocked(ann_.id, {cat_.id}));
  EXPECT_EQ(hidden, (std::unordered_set<Id>{cat_.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto none, relations().FilterMutedOrBlocked(ann_.id, {}));
  EXPECT_TRUE(none.empty());
  // The anonymous viewer mutes and blocks nobody.
  CW_ASSERT_OK_AND_ASSIGN(auto anon, relations().FilterMutedOrBlocked(0, {bob_.id, cat_.id}));
  EXPECT_TRUE(anon.empty());
}

TEST_F(RelationStoreTest, FilterHandlesLongLists) {
  std::vector<Id> ids;
  std::unordered_set<Id> want;
  for (int i = 0; i < 300; ++i) {
    Id id = 50000 + i;
    ids.push_back(id);
    if (i % 7 == 0) {
      CW_ASSERT_OK(relations().PutMute(ann_.id, id, Now()));
      want.insert(id);
    } else if (i % 11 == 0) {
      CW_ASSERT_OK(relations().PutBlock(id, ann_.id, Now()));
      want.insert(id);
    }
  }
  CW_ASSERT_OK_AND_ASSIGN(auto hidden, relations().FilterMutedOrBlocked(ann_.id, ids));
  EXPECT_EQ(hidden, want);
}

// --- groups ---

TEST_F(RelationStoreTest, AGroupIsStoredAndListedByOwner) {
  FolloweeGroup g1 = AddGroup(ann_.id, "同学");
  FolloweeGroup g2 = AddGroup(ann_.id, "work");
  AddGroup(bob_.id, "bob's");
  CW_ASSERT_OK_AND_ASSIGN(FolloweeGroup got, relations().GetGroupById(g1.id));
  EXPECT_EQ(got.owner_id, ann_.id);
  EXPECT_EQ(got.title, "同学");
  EXPECT_EQ(got.created_at, g1.created_at);
  EXPECT_EQ(got.members_count, 0);
  CW_ASSERT_OK_AND_ASSIGN(auto list, relations().ListGroupsByOwner(ann_.id));
  EXPECT_EQ(IdsOf(list), (std::vector<Id>{g1.id, g2.id}));
  CW_EXPECT_CODE(relations().GetGroupById(123456789), ErrorCode::kNotFound);
}

TEST_F(RelationStoreTest, ATakenGroupIdIsAlreadyExists) {
  FolloweeGroup g = AddGroup(ann_.id, "one");
  g.title = "two";
  CW_EXPECT_CODE(relations().PutGroup(g), ErrorCode::kAlreadyExists);
}

TEST_F(RelationStoreTest, RenamingAGroupKeepsItsMembers) {
  FolloweeGroup g = AddGroup(ann_.id, "old");
  CW_ASSERT_OK(relations().PutGroupMember(g.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().RenameGroup(g.id, "新名字"));
  CW_ASSERT_OK_AND_ASSIGN(FolloweeGroup got, relations().GetGroupById(g.id));
  EXPECT_EQ(got.title, "新名字");
  EXPECT_EQ(got.members_count, 1);
  CW_EXPECT_CODE(relations().RenameGroup(99999999, "x"), ErrorCode::kNotFound);
}

TEST_F(RelationStoreTest, MembersAreAddedCountedAndRemoved) {
  FolloweeGroup g = AddGroup(ann_.id, "friends");
  CW_ASSERT_OK(relations().PutGroupMember(g.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(g.id, cat_.id, Now()));
  CW_EXPECT_CODE(relations().PutGroupMember(g.id, bob_.id, Now()), ErrorCode::kAlreadyExists);

  CW_ASSERT_OK_AND_ASSIGN(auto members, relations().ListGroupMemberIds(g.id));
  EXPECT_EQ(members, (std::vector<Id>{bob_.id, cat_.id}));
  CW_ASSERT_OK_AND_ASSIGN(FolloweeGroup got, relations().GetGroupById(g.id));
  EXPECT_EQ(got.members_count, 2);
  CW_ASSERT_OK_AND_ASSIGN(bool is_member, relations().IsGroupMember(g.id, bob_.id));
  EXPECT_TRUE(is_member);

  CW_ASSERT_OK(relations().DeleteGroupMember(g.id, bob_.id));
  CW_EXPECT_CODE(relations().DeleteGroupMember(g.id, bob_.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(is_member, relations().IsGroupMember(g.id, bob_.id));
  EXPECT_FALSE(is_member);
  CW_ASSERT_OK_AND_ASSIGN(members, relations().ListGroupMemberIds(g.id));
  EXPECT_EQ(members, (std::vector<Id>{cat_.id}));
}

TEST_F(RelationStoreTest, AddingAMemberToAMissingGroupIsNotFound) {
  CW_EXPECT_CODE(relations().PutGroupMember(987654321, bob_.id, Now()), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(bool is_member, relations().IsGroupMember(987654321, bob_.id));
  EXPECT_FALSE(is_member);
}

TEST_F(RelationStoreTest, GroupsContainingAMemberAreThoseOfTheOwner) {
  FolloweeGroup g1 = AddGroup(ann_.id, "a");
  FolloweeGroup g2 = AddGroup(ann_.id, "b");
  FolloweeGroup g3 = AddGroup(ann_.id, "c");
  FolloweeGroup other = AddGroup(bob_.id, "bob's");
  CW_ASSERT_OK(relations().PutGroupMember(g1.id, cat_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(g3.id, cat_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(other.id, cat_.id, Now()));
  (void)g2;
  CW_ASSERT_OK_AND_ASSIGN(auto groups, relations().ListGroupIdsContaining(ann_.id, cat_.id));
  EXPECT_EQ(groups, (std::vector<Id>{g1.id, g3.id}));
}

TEST_F(RelationStoreTest, RemovingAMemberFromOwnerGroupsLeavesOtherOwnersAlone) {
  FolloweeGroup g1 = AddGroup(ann_.id, "a");
  FolloweeGroup g2 = AddGroup(ann_.id, "b");
  FolloweeGroup other = AddGroup(bob_.id, "bob's");
  CW_ASSERT_OK(relations().PutGroupMember(g1.id, cat_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(g2.id, cat_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(g2.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().PutGroupMember(other.id, cat_.id, Now()));

  CW_ASSERT_OK(relations().DeleteMemberFromOwnerGroups(ann_.id, cat_.id));
  CW_ASSERT_OK_AND_ASSIGN(auto groups, relations().ListGroupIdsContaining(ann_.id, cat_.id));
  EXPECT_TRUE(groups.empty());
  CW_ASSERT_OK_AND_ASSIGN(bool in_other, relations().IsGroupMember(other.id, cat_.id));
  EXPECT_TRUE(in_other);
  CW_ASSERT_OK_AND_ASSIGN(bool bob_kept, relations().IsGroupMember(g2.id, bob_.id));
  EXPECT_TRUE(bob_kept);
}

TEST_F(RelationStoreTest, DeletingAGroupDeletesItsMemberships) {
  FolloweeGroup g = AddGroup(ann_.id, "gone");
  CW_ASSERT_OK(relations().PutGroupMember(g.id, bob_.id, Now()));
  CW_ASSERT_OK(relations().DeleteGroupById(g.id));
  CW_EXPECT_CODE(relations().GetGroupById(g.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(auto members, relations().ListGroupMemberIds(g.id));
  EXPECT_TRUE(members.empty());
  CW_ASSERT_OK_AND_ASSIGN(auto containing, relations().ListGroupIdsContaining(ann_.id, bob_.id));
  EXPECT_TRUE(containing.empty());
  CW_EXPECT_CODE(relations().DeleteGroupById(g.id), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cw::testing
