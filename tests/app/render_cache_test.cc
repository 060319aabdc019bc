// The render cache must never change a byte of what a reader gets: a page rendered through it,
// cold or warm, equals the page rendered afresh, also after counters and profiles change.
#include "api/render_cache.h"

#include <gtest/gtest.h>

#include "api/views.h"
#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class RenderCacheTest : public TestRig {
 protected:
  // The viewer's page of `posts`, rendered afresh and through the cache.
  std::pair<std::string, std::string> Both(const Account& viewer, const std::vector<Post>& posts) {
    std::vector<Post> fresh;
    for (const auto& p : posts) fresh.push_back(*posts_->Get(&viewer, p.id));
    auto b = posts_->Hydrate(&viewer, fresh);
    EXPECT_TRUE(b.ok());
    return {api::StatusesBody(*b, *posts_), api::StatusesBody(*b, *posts_, &cache_)};
  }
  api::RenderCache cache_;
};

TEST_F(RenderCacheTest, CachedPagesEqualFreshOnesAsThingsChange) {
  Account alice = Member("alice"), bob = Member("bob"), carol = Member("carol");
  Follow(bob, alice);
  Post original = Original(alice, "你好 #话题# @bob https://example.com \"quoted\"");
  auto forward = ForwardOf(bob, original.id, "转发理由");
  ASSERT_OK(forward);
  auto again = ForwardOf(carol, forward->id, "//@bob 再转");
  ASSERT_OK(again);
  std::vector<Post> page = {*again, *forward, original};

  auto [fresh, cold] = Both(carol, page);
  EXPECT_EQ(fresh, cold);
  auto [fresh2, warm] = Both(carol, page);
  EXPECT_EQ(fresh2, warm);

  // Counters, viewer flags and a profile change show at once.
  ASSERT_OK(posts_->Like(carol, original.id));
  ProfilePatch patch;
  patch.display_name = "Alice 改名";
  ASSERT_OK(accounts_->UpdateProfile(alice, patch));
  auto [fresh3, after] = Both(carol, page);
  EXPECT_EQ(fresh3, after);
  EXPECT_NE(after, warm);
  EXPECT_NE(after.find("Alice 改名"), std::string::npos);
  EXPECT_NE(after.find("\"favourites_count\":1"), std::string::npos);

  // Another viewer sees their own flags, not carol's.
  auto [fresh4, other] = Both(bob, page);
  EXPECT_EQ(fresh4, other);
}

}  // namespace
}  // namespace cw::testing
