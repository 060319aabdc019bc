#include "integrity/scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "common/text/utf8.h"
#include "tests/integrity/synthetic.h"

namespace cw::integrity {
namespace {

constexpr TimeMs kMinute = 60 * 1000;
constexpr TimeMs kDay = 24 * 60 * kMinute;
constexpr TimeMs kNow = 1700000000000;

// A small world with every adversary kind beside organic accounts, and who is who.
struct World {
  Snapshot snapshot;
  std::set<Index> organic, newcomers, zombies, crew, bots;
};

std::string RandomWords(std::mt19937_64& rng, int length) {
  std::string s;
  for (int k = 0; k < length; ++k) text::AppendUtf8(0x4E00 + static_cast<char32_t>(rng() % 3000), &s);
  return s;
}

World MakeWorld() {
  World w;
  std::mt19937_64 rng(5);
  const Index organic = 3000;
  Snapshot& s = w.snapshot;
  s.taken_at = kNow;
  auto add_account = [&](TimeMs created, bool complete) {
    AccountFacts a;
    a.created_at = created;
    a.has_avatar = a.has_name = a.has_bio = complete;
    a.handle = "u" + std::to_string(s.accounts.size());
    s.accounts.push_back(a);
    return static_cast<Index>(s.accounts.size() - 1);
  };
  for (Index i = 0; i < organic; ++i) {
    Index a = add_account(kNow - 400 * kDay + static_cast<TimeMs>(rng() % (390 * kDay)), rng() % 4 != 0);
    s.accounts[a].has_bio = rng() % 2;
    w.organic.insert(a);
  }
  auto follows = testing::OrganicFollows(organic, rng, 300);
  for (int i = 0; i < 50; ++i) {  // real newcomers: empty profile, a few celebrities, no posts
    Index a = add_account(kNow - static_cast<TimeMs>(rng() % (5 * kDay)), false);
    for (Index c = 0; c < 5; ++c) follows.emplace_back(a, c);
    w.newcomers.insert(a);
  }
  std::vector<Index> customers;
  for (int i = 0; i < 30; ++i) customers.push_back(500 + static_cast<Index>(rng() % 2000));
  testing::PopularityDraw popular(organic);
  TimeMs farm_born = kNow - 60 * kDay;
  for (int i = 0; i < 200; ++i) {  // a farm made in one hour, with popular camouflage
    Index z = add_account(farm_born + static_cast<TimeMs>(rng() % (60 * kMinute)), false);
    s.accounts[z].signup_ip = "10.1.2." + std::to_string(i);
    for (Index c : customers) {
      if (rng() % 5 != 0) follows.emplace_back(z, c);
    }
    for (int k = 0; k < 24; ++k) follows.emplace_back(z, popular(rng));
    w.zombies.insert(z);
  }
  for (int i = 0; i < 25; ++i) w.crew.insert(add_account(kNow - 200 * kDay, true));
  for (int i = 0; i < 5; ++i) w.bots.insert(add_account(kNow - 3 * kDay, false));
  s.following = BuildCsr(s.accounts.size(), std::move(follows));
  s.BuildFans();

  // Organic posts over 30 days, and forwards, comments and likes of them.
  for (Index a = 0; a < organic; ++a) {
    for (int k = rng() % 6; k > 0; --k) {
      PostFacts p;
      p.author = a;
      p.at = kNow - static_cast<TimeMs>(rng() % (30 * kDay));
      p.text = RandomWords(rng, 10 + static_cast<int>(rng() % 30));
      s.posts.push_back(p);
    }
  }
  const Index originals = static_cast<Index>(s.posts.size());
  const char* stock[] = {"转发微博", "说得好", "哈哈哈哈", "+1", "[赞][赞]", "支持一下"};
  for (Index a = 0; a < organic; ++a) {
    for (int k = rng() % 12; k > 0; --k) {
      Index post = static_cast<Index>(rng() % originals);
      TimeMs at = s.posts[post].at + static_cast<TimeMs>(rng() % kDay);
      switch (rng() % 3) {
        case 0: {
          PostFacts f;
          f.author = a, f.parent = f.root = post, f.at = at, f.text = stock[rng() % 6];
          s.posts.push_back(f);
          break;
        }
        case 1: s.comments.push_back({0, a, post, at, stock[rng() % 6]}); break;
        default: s.likes.push_back({a, post, at});
      }
    }
  }
  // The crew: forwards and comments on 10 posts within ten-minute bursts, with a slogan.
  for (Index t = 0; t < 10; ++t) {
    Index post = t * 37 % originals;
    TimeMs burst = s.posts[post].at + static_cast<TimeMs>(rng() % (3 * 60)) * kMinute;
    for (Index m : w.crew) {
      TimeMs at = burst + static_cast<TimeMs>(rng() % (10 * kMinute));
      std::string text = "这个品牌真的太良心了，质量好价格低，大家闭眼入不会错" + std::string(rng() % 2 ? "！" : "");
      if (rng() % 2) {
        PostFacts f;
        f.author = m, f.parent = f.root = post, f.at = at, f.text = text;
        s.posts.push_back(f);
      } else {
        s.comments.push_back({0, m, post, at, text});
      }
    }
  }
  // The bots: 30 ads each within a few hours.
  for (Index b : w.bots) {
    for (int k = 0; k < 30; ++k) {
      PostFacts p;
      p.author = b;
      p.at = kNow - 2 * kDay + k * 5 * kMinute + b;
      p.text = "高薪兼职日结三百，在家动动手指就能赚钱，详情点击 http://t.cn/x" + std::to_string(k);
      s.posts.push_back(p);
    }
  }
  // Posts must stay in time order for the snapshot; forwards keep pointing at their originals.
  std::vector<Index> order(s.posts.size());
  for (Index i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](Index a, Index b) { return s.posts[a].at < s.posts[b].at; });
  std::vector<Index> new_index(order.size());
  std::vector<PostFacts> sorted;
  for (Index i = 0; i < order.size(); ++i) new_index[order[i]] = i, sorted.push_back(s.posts[order[i]]);
  for (PostFacts& p : sorted) {
    if (p.IsForward()) p.parent = p.root = new_index[p.parent];
  }
  for (CommentFacts& c : s.comments) c.post = new_index[c.post];
  for (LikeFacts& l : s.likes) l.post = new_index[l.post];
  s.posts = std::move(sorted);
  std::sort(s.comments.begin(), s.comments.end(),
            [](const CommentFacts& a, const CommentFacts& b) { return a.at < b.at; });
  return w;
}

bool Has(const AccountVerdict& v, const std::string& label) {
  return std::find(v.labels.begin(), v.labels.end(), label) != v.labels.end();
}

size_t CountLabelled(const ScanResult& r, const std::set<Index>& who, const std::string& label) {
  size_t n = 0;
  for (Index i : who) n += Has(r.accounts[i], label);
  return n;
}

class ScanTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new World(MakeWorld()); }
  static void TearDownTestSuite() { delete world_; }
  static World* world_;
};
World* ScanTest::world_ = nullptr;

TEST_F(ScanTest, LabelsEveryAdversaryKindAndLeavesOrganicAccountsAlone) {
  const World& w = *world_;
  ScanResult r = Scan(w.snapshot, ScanOptions{});
  ASSERT_EQ(r.accounts.size(), w.snapshot.accounts.size());
  EXPECT_GE(CountLabelled(r, w.zombies, "zombie"), 190u);
  EXPECT_EQ(CountLabelled(r, w.crew, "water_army"), w.crew.size());
  EXPECT_EQ(CountLabelled(r, w.bots, "spam_bot"), w.bots.size());
  size_t flagged = 0;
  for (Index i : w.organic) flagged += !r.accounts[i].labels.empty();
  EXPECT_LE(flagged, w.organic.size() / 100);
  EXPECT_EQ(CountLabelled(r, w.newcomers, "zombie"), 0u);
  for (Index i : w.crew) EXPECT_FALSE(Has(r.accounts[i], "zombie"));

  Index zombie = *w.zombies.begin();
  EXPECT_LE(r.accounts[zombie].credibility, 0.5);
  EXPECT_NE(r.accounts[zombie].evidence.find("dense follow block"), std::string::npos);
  EXPECT_DOUBLE_EQ(r.accounts[*w.organic.begin()].credibility,
                   1 - std::max({r.accounts[*w.organic.begin()].zombie,
                                 r.accounts[*w.organic.begin()].water_army,
                                 r.accounts[*w.organic.begin()].spam_bot}));
  size_t farms = 0, crews = 0;
  for (const ScanGroup& g : r.groups) {
    farms += g.kind == "zombie_farm";
    crews += g.kind == "water_army";
  }
  EXPECT_GE(farms, 1u);
  EXPECT_EQ(crews, 1u);
  std::set<std::string> stages;
  for (const StageTiming& t : r.timings) stages.insert(t.stage);
  for (const char* stage : {"fraudar", "lockstep", "spam", "account_signals", "combine", "total"}) {
    EXPECT_TRUE(stages.count(stage)) << stage;
  }
}

TEST_F(ScanTest, FraudarOnlyBaselineLabelsBlockMembersAlone) {
  const World& w = *world_;
  ScanOptions options;
  options.fraudar_only = true;
  ScanResult r = Scan(w.snapshot, options);
  EXPECT_GE(CountLabelled(r, w.zombies, "zombie"), 190u);
  EXPECT_EQ(CountLabelled(r, w.newcomers, "zombie"), 0u);
}

TEST_F(ScanTest, WorksWithoutSignupAddresses) {
  World w = *world_;
  for (AccountFacts& a : w.snapshot.accounts) a.signup_ip.clear();
  ScanResult r = Scan(w.snapshot, ScanOptions{});
  EXPECT_GE(CountLabelled(r, w.zombies, "zombie"), 190u);
}

}  // namespace
}  // namespace cw::integrity
