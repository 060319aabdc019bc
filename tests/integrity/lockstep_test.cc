#include "integrity/lockstep.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

namespace cw::integrity {
namespace {

constexpr TimeMs kMinute = 60 * 1000;
constexpr TimeMs kDay = 24 * 60 * kMinute;
constexpr TimeMs kStart = 1700000000000;

// A world of `accounts` accounts and `originals` original posts spread over ten days.
class LockstepWorld {
 public:
  LockstepWorld(size_t accounts, size_t originals) : rng_(42) {
    snapshot_.accounts.resize(accounts);
    for (size_t i = 0; i < originals; ++i) {
      PostFacts p;
      p.author = static_cast<Index>(rng_() % accounts);
      p.at = kStart + static_cast<TimeMs>(rng_() % (10 * kDay));
      p.text = "原创内容" + std::to_string(i);
      snapshot_.posts.push_back(p);
    }
  }

  void Forward(Index author, Index post, TimeMs at, std::string text) {
    PostFacts f;
    f.author = author;
    f.parent = f.root = post;
    f.at = at;
    f.text = std::move(text);
    snapshot_.posts.push_back(std::move(f));
  }
  void Comment(Index author, Index post, TimeMs at, std::string text) {
    snapshot_.comments.push_back({0, author, post, at, std::move(text)});
  }
  void Like(Index author, Index post, TimeMs at) { snapshot_.likes.push_back({author, post, at}); }

  // Accounts [first, first + count) act 30 times each on random posts at random times.
  void Background(Index first, size_t count) {
    for (Index a = first; a < first + count; ++a) {
      for (int k = 0; k < 30; ++k) {
        Index post = static_cast<Index>(rng_() % originals());
        TimeMs at = snapshot_.posts[post].at + static_cast<TimeMs>(rng_() % kDay);
        switch (rng_() % 3) {
          case 0: Forward(a, post, at, "转发微博"); break;
          case 1: Comment(a, post, at, "说得好" + std::to_string(rng_() % 100)); break;
          default: Like(a, post, at);
        }
      }
    }
  }

  // A crew forwards and comments on each target within a ten-minute burst, with jitter; each
  // member skips a tenth of the targets.
  void Crew(const std::vector<Index>& crew, const std::vector<Index>& targets) {
    const char* slogans[] = {"支持国货品牌，质量真的非常好，大家快去买吧，绝对不会后悔的",
                             "这个产品我用了三个月效果特别明显，强烈推荐给所有朋友们"};
    for (Index post : targets) {
      TimeMs burst = snapshot_.posts[post].at + static_cast<TimeMs>(rng_() % (6 * 60)) * kMinute;
      for (Index member : crew) {
        if (rng_() % 10 == 0) continue;
        TimeMs at = burst + static_cast<TimeMs>(rng_() % (10 * kMinute));
        std::string text = slogans[rng_() % 2];
        text += std::string("！") + (rng_() % 2 ? "赞" : "");
        if (rng_() % 2) {
          Forward(member, post, at, text);
        } else {
          Comment(member, post, at, text);
        }
      }
    }
  }

  // `count` accounts from `first` forward one post within an hour and do nothing else together.
  void ViralBurst(Index post, Index first, size_t count) {
    TimeMs start = snapshot_.posts[post].at;
    for (Index a = first; a < first + count; ++a) {
      Forward(a, post, start + static_cast<TimeMs>(rng_() % (60 * kMinute)), "转发微博");
    }
  }

  size_t originals() const {
    size_t n = 0;
    while (n < snapshot_.posts.size() && !snapshot_.posts[n].IsForward()) ++n;
    return n;
  }
  Snapshot& snapshot() { return snapshot_; }

 private:
  std::mt19937_64 rng_;
  Snapshot snapshot_;
};

std::vector<Index> Range(Index first, size_t count) {
  std::vector<Index> out;
  for (Index i = first; i < first + count; ++i) out.push_back(i);
  return out;
}

TEST(LockstepTest, FindsAPlantedCrewAndNothingElse) {
  LockstepWorld world(4000, 500);
  world.Background(0, 1000);
  std::vector<Index> crew = Range(3000, 30);
  std::vector<Index> targets = Range(100, 20);
  world.Crew(crew, targets);
  world.ViralBurst(7, 1000, 2000);
  std::vector<LockstepGroup> groups = DetectLockstep(world.snapshot(), LockstepOptions{});
  ASSERT_EQ(groups.size(), 1u);
  const LockstepGroup& g = groups[0];
  std::set<Index> members(g.members.begin(), g.members.end());
  EXPECT_EQ(members, std::set<Index>(crew.begin(), crew.end()));
  EXPECT_EQ(g.posts, targets);
  EXPECT_EQ(g.windows.size(), 20u);
  for (const LockstepWindow& w : g.windows) EXPECT_LE(w.end - w.begin, 10 * kMinute);
  EXPECT_GT(g.duplicate_text_share, 0.8);
  EXPECT_FALSE(g.example_texts.empty());
  EXPECT_GE(g.score, 0.8);
}

TEST(LockstepTest, AnOrganicViralBurstIsNotAGroup) {
  LockstepWorld world(3000, 200);
  world.ViralBurst(5, 0, 2000);
  EXPECT_TRUE(DetectLockstep(world.snapshot(), LockstepOptions{}).empty());
}

TEST(LockstepTest, RandomBackgroundActivityIsNotAGroup) {
  LockstepWorld world(3000, 300);
  world.Background(0, 3000);
  EXPECT_TRUE(DetectLockstep(world.snapshot(), LockstepOptions{}).empty());
}

TEST(LockstepTest, ACrewHidingInAViralPostIsStillFound) {
  LockstepWorld world(4000, 300);
  std::vector<Index> crew = Range(3500, 20);
  std::vector<Index> targets = Range(10, 8);
  world.ViralBurst(10, 0, 3000);  // the crew's first target is also viral
  world.Crew(crew, targets);
  std::vector<LockstepGroup> groups = DetectLockstep(world.snapshot(), LockstepOptions{});
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].members, crew);
}

}  // namespace
}  // namespace cw::integrity
