// The timeline engine against a brute-force model: random follow, unfollow, post, delete, block,
// mute sequences; after each step every member's home timeline, walked page by page, must equal
// what the model computes from first principles.
#include "timeline/timeline_engine.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class TimelineModelTest : public TestRig, public ::testing::WithParamInterface<uint64_t> {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    // Through the caches, as in production, with small windows so truncation paths run.
    TimelineOptions o;
    o.max_length = 8;
    o.recent_per_author = 5;
    o.big_v_threshold = 3;  // accounts with 3+ fans are pulled
    o.max_lists = 64;
    UseCachesAndEngine(o);
  }

  struct ModelPost {
    Id id;
    int author;
    std::string visibility;
    bool deleted = false;
  };

  bool Follows(int a, int b) const { return follows_.count({a, b}) > 0; }
  bool Blocked(int a, int b) const { return blocks_.count({a, b}) || blocks_.count({b, a}); }

  std::vector<Id> Expected(int viewer) const {
    std::vector<Id> out;
    for (const auto& p : posts_model_) {
      if (p.deleted) continue;
      int a = p.author;
      bool mine = a == viewer;
      if (!mine && (!Follows(viewer, a) || mutes_.count({viewer, a}) || Blocked(viewer, a))) continue;
      bool visible = mine || p.visibility == "public" ||
                     (p.visibility == "fans" && Follows(viewer, a)) ||
                     (p.visibility == "friends" && Follows(viewer, a) && Follows(a, viewer));
      if (visible) out.push_back(p.id);
    }
    std::sort(out.begin(), out.end(), std::greater<>());
    return out;
  }

  std::vector<Id> Walk(int viewer, std::mt19937_64& rng) {
    std::vector<Id> got;
    Page page;
    for (int guard = 0; guard < 200; ++guard) {
      page.limit = 1 + static_cast<int>(rng() % 6);
      auto t = posts_->HomeTimeline(people_[viewer], page);
      EXPECT_TRUE(t.ok()) << t.error().message();
      if (!t.ok() || t->empty()) break;
      for (const auto& p : *t) got.push_back(p.id);
      page.max_id = t->back().id;
    }
    return got;
  }

  std::vector<Account> people_;
  std::set<std::pair<int, int>> follows_, blocks_, mutes_;
  std::vector<ModelPost> posts_model_;
};

TEST_P(TimelineModelTest, HomeTimelinesMatchTheModelAfterEveryStep) {
  std::mt19937_64 rng(GetParam());
  constexpr int kPeople = 6;
  for (int i = 0; i < kPeople; ++i) people_.push_back(Member("p" + std::to_string(i)));
  const char* kVis[] = {"public", "public", "public", "fans", "friends", "only_me"};
  std::vector<std::string> log;
  for (int step = 0; step < 150; ++step) {
    int a = static_cast<int>(rng() % kPeople), b = static_cast<int>(rng() % kPeople);
    int op = static_cast<int>(rng() % 100);
    log.push_back(std::to_string(step) + ":op" + std::to_string(op) + " p" + std::to_string(a) +
                  " p" + std::to_string(b));
    clock_.Advance(1 + static_cast<int64_t>(rng() % 5));
    if (op < 25) {  // follow
      if (a == b) continue;
      auto r = relations_->Follow(people_[a], people_[b].id);
      if (Blocked(a, b)) {
        EXPECT_FALSE(r.ok());
      } else {
        ASSERT_OK(r);
        follows_.insert({a, b});
      }
    } else if (op < 35) {  // unfollow
      if (a == b) continue;
      ASSERT_OK(relations_->Unfollow(people_[a], people_[b].id));
      follows_.erase({a, b});
    } else if (op < 70) {  // post
      std::string vis = kVis[rng() % 6];
      Post p = Original(people_[a], "post " + std::to_string(step), vis);
      posts_model_.push_back({p.id, a, vis});
    } else if (op < 78) {  // delete one of a's posts
      for (auto& p : posts_model_) {
        if (p.author == a && !p.deleted) {
          ASSERT_OK(posts_->Delete(people_[a], p.id));
          p.deleted = true;
          break;
        }
      }
    } else if (op < 84) {  // block
      if (a == b) continue;
      ASSERT_OK(relations_->Block(people_[a], people_[b].id));
      blocks_.insert({a, b});
      follows_.erase({a, b});
      follows_.erase({b, a});
    } else if (op < 88) {  // unblock
      ASSERT_OK(relations_->Unblock(people_[a], people_[b].id));
      blocks_.erase({a, b});
    } else if (op < 94) {  // mute
      if (a == b) continue;
      ASSERT_OK(relations_->Mute(people_[a], people_[b].id));
      mutes_.insert({a, b});
    } else {  // unmute
      ASSERT_OK(relations_->Unmute(people_[a], people_[b].id));
      mutes_.erase({a, b});
    }
    // Accounts change (fan counts decide push or pull): read them fresh.
    for (auto& p : people_) p = Reload(p);
    for (int v = 0; v < kPeople; ++v) {
      auto got = Walk(v, rng);
      auto want = Expected(v);
      if (got != want) {
        std::string detail;
        for (const auto& p : posts_model_) {
          bool in_got = std::count(got.begin(), got.end(), p.id) > 0;
          bool in_want = std::count(want.begin(), want.end(), p.id) > 0;
          if (in_got != in_want) {
            detail += (in_want ? " missing " : " extra ") + std::to_string(p.id) + " by p" +
                      std::to_string(p.author) + " (" + p.visibility + ", fans " +
                      std::to_string(people_[p.author].fans_count) + ")";
          }
        }
        std::string history;
        for (const auto& l : log) history += l + " ";
        FAIL() << "viewer p" << v << " (fans " << people_[v].fans_count << ") after step " << step
               << ":" << detail << "\nhistory: " << history;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, TimelineModelTest, ::testing::Range<uint64_t>(1, 41));

}  // namespace
}  // namespace cw::testing
