// SearchService over the real index: the visibility policy on every result (the whole audience
// matrix), mutes and blocks, filters, paging and the ranking formula.
#include "service/search_service.h"

#include <algorithm>
#include <set>

#include "search/search_indexer.h"
#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class SearchServiceTest : public TestRig {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    search_ = std::make_unique<SearchService>(ctx_);
  }

  void Index() {
    search::SearchIndexer indexer(store_.get());
    ASSERT_OK(indexer.CatchUp());
  }

  std::set<Id> Statuses(const Account* viewer, const std::string& q) {
    SearchRequest r;
    r.q = q;
    r.type = "statuses";
    r.limit = 40;
    auto found = search_->Search(viewer, r);
    EXPECT_TRUE(found.ok()) << q << ": " << (found.ok() ? "" : found.error().message());
    std::set<Id> out;
    if (found.ok()) {
      for (const auto& p : found->statuses) out.insert(p.id);
    }
    return out;
  }

  std::unique_ptr<SearchService> search_;
};

TEST_F(SearchServiceTest, EveryAudienceIsFoundOnlyByThoseWhoMaySeeIt) {
  Account author = Member("author");
  Account fan = Member("fan");
  Account friend_ = Member("friendly");
  Account member = Member("member");
  Account mentioned = Member("mentioned");
  Account stranger = Member("stranger");
  Follow(fan, author);
  Follow(friend_, author);
  Follow(author, friend_);
  Follow(author, member);
  auto group = relations_->CreateGroup(author, "密友");
  ASSERT_OK(group);
  ASSERT_OK(relations_->AddGroupMembers(author, group->id, {member.id}));

  Post pub = Original(author, "秘密 公开");
  Post fans = Original(author, "秘密 粉丝", "fans");
  Post friends = Original(author, "秘密 好友", "friends");
  Post grouped = Original(author, "秘密 分组", "group", group->id);
  Post direct = Original(author, "秘密 私信 @mentioned", "direct");
  Post me = Original(author, "秘密 自己", "only_me");
  Index();

  EXPECT_EQ(Statuses(nullptr, "秘密"), std::set<Id>{pub.id});
  EXPECT_EQ(Statuses(&stranger, "秘密"), std::set<Id>{pub.id});
  EXPECT_EQ(Statuses(&fan, "秘密"), (std::set<Id>{pub.id, fans.id}));
  EXPECT_EQ(Statuses(&friend_, "秘密"), (std::set<Id>{pub.id, fans.id, friends.id}));
  EXPECT_EQ(Statuses(&member, "秘密"), (std::set<Id>{pub.id, grouped.id}));
  EXPECT_EQ(Statuses(&mentioned, "秘密"), (std::set<Id>{pub.id, direct.id}));
  EXPECT_EQ(Statuses(&author, "秘密"),
            (std::set<Id>{pub.id, fans.id, friends.id, grouped.id, direct.id, me.id}));
  // Whatever the query: a stranger never gets more than the public post.
  for (const std::string q : {"自己", "好友", "分组", "私信", "from:author", "@mentioned"}) {
    std::set<Id> got = Statuses(&stranger, q);
    EXPECT_TRUE(got.empty() || got == std::set<Id>{pub.id}) << q;
  }
}

TEST_F(SearchServiceTest, MutedBlockedAndSuspendedAuthorsAreLeftOut) {
  Account author = Member("author");
  Account viewer = Member("viewer");
  Post p = Original(author, "天气很好");
  Index();
  EXPECT_EQ(Statuses(&viewer, "天气"), std::set<Id>{p.id});
  ASSERT_OK(relations_->Mute(viewer, author.id));
  EXPECT_EQ(Statuses(&viewer, "天气"), std::set<Id>{});
  EXPECT_EQ(Statuses(nullptr, "天气"), std::set<Id>{p.id});
  ASSERT_OK(accounts_->SetSuspended(nullptr, author.id, true));
  EXPECT_EQ(Statuses(nullptr, "天气"), std::set<Id>{});
}

TEST_F(SearchServiceTest, DeletedPostsAndForwardsOwnWords) {
  Account a = Member("alice");
  Account b = Member("bobby");
  Post p = Original(a, "原帖内容");
  auto f = ForwardOf(b, p.id, "转发时说的话");
  ASSERT_OK(f);
  Index();
  EXPECT_EQ(Statuses(nullptr, "说的话"), std::set<Id>{f->id});
  EXPECT_EQ(Statuses(nullptr, "原帖"), std::set<Id>{p.id});
  ASSERT_OK(posts_->Delete(b, f->id));
  EXPECT_EQ(Statuses(nullptr, "说的话"), std::set<Id>{});
}

TEST_F(SearchServiceTest, UnknownFromAndBadInput) {
  Account a = Member("alice");
  Original(a, "你好");
  Index();
  EXPECT_EQ(Statuses(nullptr, "你好 from:nobody"), std::set<Id>{});
  SearchRequest r;
  r.q = "你好";
  r.type = "posts";
  EXPECT_CODE(search_->Search(nullptr, r), ErrorCode::kInvalidArgument);
  r.type = "";
  r.q = "since:2024-13-01";
  EXPECT_CODE(search_->Search(nullptr, r), ErrorCode::kInvalidArgument);
}

TEST_F(SearchServiceTest, OffsetPagesThroughVisibleResults) {
  Account a = Member("alice");
  Account stranger = Member("stranger");
  std::set<Id> visible;
  for (int i = 0; i < 6; ++i) {
    visible.insert(Original(a, "分页测试 " + std::to_string(i)).id);
    Original(a, "分页测试 自己 " + std::to_string(i), "only_me");
  }
  Index();
  std::set<Id> seen;
  for (int offset = 0; offset < 6; offset += 2) {
    SearchRequest r;
    r.q = "分页测试";
    r.type = "statuses";
    r.limit = 2;
    r.offset = offset;
    auto found = search_->Search(&stranger, r);
    ASSERT_OK(found);
    ASSERT_EQ(found->statuses.size(), 2u) << offset;
    for (const auto& p : found->statuses) EXPECT_TRUE(seen.insert(p.id).second);
  }
  EXPECT_EQ(seen, visible);
}

TEST_F(SearchServiceTest, AccountsExactHandleFirst) {
  Account bob = Member("bob_w");
  Account other = Member("bob_wang");
  Index();
  SearchRequest r;
  r.q = "bob_w";
  r.type = "accounts";
  auto found = search_->Search(nullptr, r);
  ASSERT_OK(found);
  ASSERT_EQ(found->accounts.size(), 2u);  // the second by prefix
  EXPECT_EQ(found->accounts[0].id, bob.id);
  EXPECT_EQ(found->accounts[1].id, other.id);
}

TEST(SearchScoreTest, RelevanceRecencyAndEngagementAllCount) {
  const TimeMs hour = 3'600'000;
  EXPECT_GT(PostSearchScore(2, 0, 0, 0, 0), PostSearchScore(1, 0, 0, 0, 0));
  EXPECT_GT(PostSearchScore(1, 0, 0, 0, 0), PostSearchScore(1, 24 * hour, 0, 0, 0));
  EXPECT_GT(PostSearchScore(1, 0, 10, 0, 0), PostSearchScore(1, 0, 0, 0, 0));
  EXPECT_GT(PostSearchScore(1, 0, 0, 10, 0), PostSearchScore(1, 0, 10, 0, 0));  // forwards x2
  // Three days halve the recency part; very old posts keep a quarter.
  EXPECT_NEAR(PostSearchScore(1, 72 * hour, 0, 0, 0), 0.25 + 0.75 / 2, 1e-9);
  EXPECT_NEAR(PostSearchScore(1, 1000 * 24 * hour, 0, 0, 0), 0.25, 1e-6);
  EXPECT_EQ(PostSearchScore(1, -5, 0, 0, 0), PostSearchScore(1, 0, 0, 0, 0));
}

}  // namespace
}  // namespace cw::testing
