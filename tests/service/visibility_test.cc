#include "service/visibility.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

TEST(PostVisibleTest, DeletedPostIsHiddenEvenFromItsAuthor) {
  Post p;
  p.deleted_at = 1;
  VisibilityFacts f;
  f.is_author = true;
  EXPECT_FALSE(PostVisible(p, f));
}

TEST(PostVisibleTest, SuspendedAuthorsPostsAreHiddenFromOthers) {
  Post p;
  VisibilityFacts f;
  f.author_suspended = true;
  EXPECT_FALSE(PostVisible(p, f));
}

TEST(PostVisibleTest, DirectPostReachesOnlyMentionedAccounts) {
  Post p;
  p.visibility = Visibility::kDirect;
  VisibilityFacts f;
  f.fan = true;
  f.followed_by = true;
  EXPECT_FALSE(PostVisible(p, f));
  f.mentioned = true;
  EXPECT_TRUE(PostVisible(p, f));
}

// The whole matrix through the services: visibility × relation of the viewer to the author.
class VisibilityMatrixTest : public TestRig {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    author_ = Member("author");
    stranger_ = Member("stranger");
    fan_ = Member("fan");
    friend_ = Member("friend");
    member_ = Member("member");
    blocked_ = Member("blocked");
    Follow(fan_, author_);
    Follow(friend_, author_);
    Follow(author_, friend_);
    Follow(author_, member_);
    Follow(blocked_, author_);
    auto g = relations_->CreateGroup(author_, "同事");
    ASSERT_OK(g);
    group_ = g->id;
    ASSERT_OK(relations_->AddGroupMembers(author_, group_, {member_.id}));
    ASSERT_OK(relations_->Block(author_, blocked_.id));
  }

  // Visibility of a post with `vis` for each viewer, in the order of kViewers below.
  std::vector<bool> Row(const std::string& vis) {
    Post p = Original(author_, "post for " + vis, vis, vis == "group" ? group_ : 0);
    std::vector<const Account*> viewers = {&stranger_, &fan_,     &friend_, &member_,
                                           &blocked_,  &author_, nullptr};
    std::vector<bool> out;
    for (const Account* v : viewers) out.push_back(Sees(v, p));
    return out;
  }

  Account author_, stranger_, fan_, friend_, member_, blocked_;
  Id group_ = 0;
};

//                                 stranger fan   friend member blocked author anonymous
TEST_F(VisibilityMatrixTest, PublicPostIsSeenByAllButTheBlocked) {
  EXPECT_EQ(Row("public"), (std::vector<bool>{true, true, true, true, false, true, true}));
}
TEST_F(VisibilityMatrixTest, FansPostIsSeenByFansAndFriends) {
  EXPECT_EQ(Row("fans"), (std::vector<bool>{false, true, true, false, false, true, false}));
}
TEST_F(VisibilityMatrixTest, FriendsPostIsSeenByMutualFollowsOnly) {
  EXPECT_EQ(Row("friends"), (std::vector<bool>{false, false, true, false, false, true, false}));
}
TEST_F(VisibilityMatrixTest, GroupPostIsSeenByGroupMembersOnly) {
  EXPECT_EQ(Row("group"), (std::vector<bool>{false, false, false, true, false, true, false}));
}
TEST_F(VisibilityMatrixTest, OnlyMePostIsSeenByTheAuthorAlone) {
  EXPECT_EQ(Row("only_me"), (std::vector<bool>{false, false, false, false, false, true, false}));
}
TEST_F(VisibilityMatrixTest, BlockedViewerNoLongerFollowsTheAuthor) {
  auto r = relations_->GetRelationship(blocked_, author_.id);
  ASSERT_OK(r);
  EXPECT_FALSE(r->facts.following);
  EXPECT_TRUE(r->facts.blocked_by);
}
TEST_F(VisibilityMatrixTest, HiddenPostsStayOutOfTheUserTimeline) {
  Original(author_, "public one");
  Original(author_, "friends one", "friends");
  auto seen = posts_->UserTimeline(&stranger_, author_.id, Page{}, true);
  ASSERT_OK(seen);
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ(seen->front().text, "public one");
  auto by_friend = posts_->UserTimeline(&friend_, author_.id, Page{}, true);
  ASSERT_OK(by_friend);
  EXPECT_EQ(by_friend->size(), 2u);
}
TEST_F(VisibilityMatrixTest, GroupPostNeedsOneOfTheAuthorsOwnGroups) {
  auto other = relations_->CreateGroup(stranger_, "mine");
  ASSERT_OK(other);
  NewPost p;
  p.text = "x";
  p.visibility = "group";
  p.group_id = other->id;
  EXPECT_CODE(posts_->Create(author_, p), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cw::testing
