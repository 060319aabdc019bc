// Kept home pages must never differ from pages built afresh: random follows, unfollows, posts of
// every visibility, forwards, forwarded comments, likes, deletions, blocks, mutes, group changes,
// profile edits and suspensions; after each step every member's home page, served through the
// page cache (twice, so kept pages are served too), equals the page built and rendered afresh.
#include "api/home_pages.h"

#include <gtest/gtest.h>

#include <random>

#include "api/views.h"
#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class HomePagesTest : public TestRig, public ::testing::WithParamInterface<uint64_t> {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    TimelineOptions o;  // small windows, so truncation paths run
    o.max_length = 8;
    o.recent_per_author = 5;
    o.big_v_threshold = 3;
    o.max_lists = 64;
    UseCachesAndEngine(o);
    pages_ = std::make_unique<api::HomePages>(1000, store_->change_epochs());
    services_.posts = posts_.get();
    services_.render_cache = &render_cache_;
  }

  std::string Served(const Account& viewer, const Page& page) {
    api::HttpRequest request;
    request.method = "GET";
    request.path = "/api/v1/timelines/home";
    api::Call call{request, api::Params(), services_, Authenticated{std::make_shared<const Account>(viewer), Session{}}};
    auto r = pages_->Serve(call, viewer, page);
    EXPECT_TRUE(r.ok()) << r.error().message();
    if (!r.ok()) return std::string();
    return r->shared_raw ? *r->shared_raw : r->raw;
  }

  std::string Fresh(const Account& viewer, const Page& page) {
    auto posts = posts_->HomeTimeline(viewer, page);
    EXPECT_TRUE(posts.ok());
    auto b = posts_->Hydrate(&viewer, std::move(*posts));
    EXPECT_TRUE(b.ok());
    return api::StatusesBody(*b, *posts_);
  }

  Id AnyPost(std::mt19937_64& rng) {
    return post_ids_.empty() ? 0 : post_ids_[rng() % post_ids_.size()];
  }

  api::RenderCache render_cache_;
  api::Services services_;
  std::unique_ptr<api::HomePages> pages_;
  std::vector<Id> post_ids_;
};

TEST_P(HomePagesTest, KeptPagesEqualFreshOnesAfterEveryStep) {
  std::mt19937_64 rng(GetParam());
  constexpr int kPeople = 6;
  std::vector<Account> people;
  std::vector<Id> groups;
  for (int i = 0; i < kPeople; ++i) {
    people.push_back(Member("p" + std::to_string(i)));
    auto g = relations_->CreateGroup(people.back(), "圈子");
    ASSERT_OK(g);
    groups.push_back(g->id);
  }
  const char* kVis[] = {"public", "public", "fans", "friends", "group", "only_me"};
  for (int step = 0; step < 120; ++step) {
    int a = static_cast<int>(rng() % kPeople), b = static_cast<int>(rng() % kPeople);
    int op = static_cast<int>(rng() % 100);
    SCOPED_TRACE("step " + std::to_string(step) + " op " + std::to_string(op));
    clock_.Advance(1 + static_cast<int64_t>(rng() % 5));
    // Refusals (blocked, not visible, already done) are part of the game: only the pages matter.
    if (op < 20) {
      if (a != b) (void)relations_->Follow(people[a], people[b].id);
    } else if (op < 27) {
      if (a != b) (void)relations_->Unfollow(people[a], people[b].id);
    } else if (op < 45) {
      std::string vis = kVis[rng() % 6];
      NewPost p;
      p.text = "post " + std::to_string(step) + " 你好";
      p.visibility = vis;
      p.group_id = vis == "group" ? groups[a] : 0;
      auto post = posts_->Create(people[a], p);
      ASSERT_OK(post);
      post_ids_.push_back(post->id);
    } else if (op < 53) {
      auto f = ForwardOf(people[a], AnyPost(rng), "//转发 " + std::to_string(step));
      if (f.ok()) post_ids_.push_back(f->id);
    } else if (op < 57) {
      NewComment c;
      c.post_id = AnyPost(rng);
      c.text = "评论 " + std::to_string(step);
      c.also_forward = true;
      (void)comments_->Create(people[a], c);
    } else if (op < 67) {
      (void)posts_->Like(people[a], AnyPost(rng));
    } else if (op < 71) {
      (void)posts_->Unlike(people[a], AnyPost(rng));
    } else if (op < 75) {
      (void)posts_->Delete(people[a], AnyPost(rng));
    } else if (op < 79) {
      if (a != b) (void)relations_->Block(people[a], people[b].id);
    } else if (op < 81) {
      (void)relations_->Unblock(people[a], people[b].id);
    } else if (op < 84) {
      if (a != b) (void)relations_->Mute(people[a], people[b].id);
    } else if (op < 86) {
      (void)relations_->Unmute(people[a], people[b].id);
    } else if (op < 91) {
      if (a != b) (void)relations_->AddGroupMembers(people[a], groups[a], {people[b].id});
    } else if (op < 94) {
      (void)relations_->RemoveGroupMembers(people[a], groups[a], {people[b].id});
    } else if (op < 98) {
      ProfilePatch patch;
      patch.display_name = "名字 " + std::to_string(step);
      ASSERT_OK(accounts_->UpdateProfile(people[a], patch));
    } else {
      Account x = Reload(people[a]);
      x.state = x.state == AccountState::kSuspended ? AccountState::kActive : AccountState::kSuspended;
      ASSERT_OK(ctx_.store->accounts().UpdateAccount(x));
    }
    for (auto& p : people) p = Reload(p);
    for (int v = 0; v < kPeople; ++v) {
      Page page;
      page.limit = 1 + static_cast<int>(rng() % 6);
      std::string fresh = Fresh(people[v], page);
      ASSERT_EQ(Served(people[v], page), fresh) << "viewer p" << v;
      ASSERT_EQ(Served(people[v], page), fresh) << "viewer p" << v << ", served again";
    }
  }
  // The kept pages were used: every second read of an unchanged page is one.
  EXPECT_GT(pages_->stats().hits, 120u * kPeople / 2);
}

INSTANTIATE_TEST_SUITE_P(Seeds, HomePagesTest, ::testing::Range<uint64_t>(1, 21));

// What changes a kept page without touching the posts or the viewer's followees: the author
// following the viewer back (friends-only), adding the viewer to a group, a like by the viewer.
TEST_F(HomePagesTest, ChangesMadeByTheAuthorShowOnTheNextRead) {
  Account author = Member("author"), viewer = Member("viewer");
  Follow(viewer, author);
  auto group = relations_->CreateGroup(author, "好友");
  ASSERT_OK(group);
  Post open = Original(author, "公开");
  Post in_group = Original(author, "只给分组", "group", group->id);
  Post friends = Original(author, "只给好友", "friends");
  Page page;
  auto read = [&] {
    viewer = Reload(viewer);
    std::string fresh = Fresh(viewer, page);
    EXPECT_EQ(Served(viewer, page), fresh);
    EXPECT_EQ(Served(viewer, page), fresh);
    return fresh;
  };
  auto shows = [](const std::string& body, const Post& p) {
    return body.find("\"id\":\"" + std::to_string(p.id) + "\"") != std::string::npos;
  };
  std::string before = read();
  EXPECT_TRUE(shows(before, open));
  EXPECT_FALSE(shows(before, in_group));
  EXPECT_FALSE(shows(before, friends));
  uint64_t hits = pages_->stats().hits;

  Follow(author, viewer);
  EXPECT_TRUE(shows(read(), friends));
  ASSERT_OK(relations_->AddGroupMembers(author, group->id, {viewer.id}));  // members are followees
  EXPECT_TRUE(shows(read(), in_group));
  ASSERT_OK(posts_->Like(viewer, open.id));
  EXPECT_NE(read().find("\"favourited\":true"), std::string::npos);
  ASSERT_OK(relations_->RemoveGroupMembers(author, group->id, {viewer.id}));
  EXPECT_FALSE(shows(read(), in_group));
  EXPECT_EQ(pages_->stats().hits, hits + 4);  // each second read of a changed page
}

}  // namespace
}  // namespace cw::testing
