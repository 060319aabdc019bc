// The generator's adversaries and their ground truth: the world stays as it was without them,
// the labels match the options, and each kind behaves as documented (farm density, crew
// windows, near-duplicate ads) without giving itself away in anything but behaviour.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "world/format.h"
#include "world/generator.h"

namespace cw::world {
namespace {

uint64_t Fnv1a(const std::string& s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::string Generate(const GeneratorOptions& o, std::string* labels = nullptr) {
  std::ostringstream out, truth;
  auto report = GenerateWorld(o, out, labels ? &truth : nullptr);
  EXPECT_TRUE(report.ok()) << report.error().message();
  if (labels) *labels = truth.str();
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Worlds written before adversaries existed (FNV-1a of the whole file, computed with the
// generator as of commit 16ee8b8). Cached benchmark worlds depend on these staying the same.
TEST(WorldAdversariesTest, WithoutAdversariesTheWorldIsByteForByteAsBefore) {
  GeneratorOptions o;
  o.accounts = 3000;
  o.seed = 11;
  std::string labels;
  std::string world = Generate(o, &labels);
  EXPECT_EQ(world.size(), 6377549u);
  EXPECT_EQ(Fnv1a(world), 0x7575605769423c35ULL);
  EXPECT_EQ(labels.find("\"type\":\"label\""), std::string::npos);

  o.accounts = 500;
  o.seed = 42;
  ASSERT_TRUE(ApplyAdversaryPreset("none", &o).ok());
  world = Generate(o);
  EXPECT_EQ(world.size(), 980762u);
  EXPECT_EQ(Fnv1a(world), 0x11d3501eb08208a2ULL);
}

TEST(WorldAdversariesTest, RefusesWhatItCannotPlace) {
  GeneratorOptions o;
  o.accounts = 100;
  o.zombies = 10;
  std::ostringstream out;
  EXPECT_FALSE(GenerateWorld(o, out).ok());  // too few ordinary accounts to hide among
  o.accounts = 1000;
  o.zombies = -1;
  EXPECT_FALSE(GenerateWorld(o, out).ok());
  o.zombies = 2000;
  EXPECT_FALSE(GenerateWorld(o, out).ok());  // more adversaries than ordinary accounts
  EXPECT_FALSE(ApplyAdversaryPreset("lots", &o).ok());
  ASSERT_TRUE(ApplyAdversaryPreset("standard", &o).ok());
  EXPECT_EQ(o.zombies, 30);
  EXPECT_EQ(o.water_army, 10);
  EXPECT_EQ(o.spam_bots, 5);
}

// One world with every kind of adversary, parsed once for all the tests below.
class WorldAdversariesWorldTest : public testing::Test {
 protected:
  static constexpr int64_t kMinute = 60'000;

  static void SetUpTestSuite() {
    options_ = new GeneratorOptions;
    options_->accounts = 8000;
    options_->seed = 9;
    options_->zombies = 1500;
    options_->water_army = 240;
    options_->spam_bots = 120;
    world_ = new std::string(Generate(*options_, &labels_text_));
    records_ = new std::vector<Record>;
    for (const std::string& line : Lines(*world_)) {
      auto r = ParseLine(line);
      ASSERT_TRUE(r.ok() && r->has_value()) << line;
      records_->push_back(**r);
    }
    label_of_ = new std::map<std::string, std::string>;
    group_of_ = new std::map<std::string, std::string>;
    members_ = new std::map<std::string, std::vector<std::string>>;
    groups_ = new std::vector<boost::json::object>;
    for (const std::string& line : Lines(labels_text_)) {
      if (line.rfind("// group ", 0) == 0) {
        groups_->push_back(boost::json::parse(line.substr(9)).as_object());
        continue;
      }
      if (line.rfind("//", 0) == 0) continue;
      auto r = ParseLine(line);
      ASSERT_TRUE(r.ok() && r->has_value()) << line;
      ASSERT_EQ((*r)->kind, Kind::kLabel);
      (*label_of_)[(*r)->account] = (*r)->label;
      (*group_of_)[(*r)->account] = (*r)->group;
      (*members_)[(*r)->group].push_back((*r)->account);
    }
  }
  static void TearDownTestSuite() {
    delete options_;
    delete world_;
    delete records_;
    delete label_of_;
    delete group_of_;
    delete members_;
    delete groups_;
  }

  static std::string Str(const boost::json::object& o, const char* key) {
    return std::string(o.at(key).as_string());
  }
  static std::vector<std::string> Strings(const boost::json::object& o, const char* key) {
    std::vector<std::string> out;
    for (const auto& v : o.at(key).as_array()) out.emplace_back(v.as_string());
    return out;
  }
  static std::string LabelOf(const std::string& account) {
    auto it = label_of_->find(account);
    return it == label_of_->end() ? "organic" : it->second;
  }

  static GeneratorOptions* options_;
  static std::string* world_;
  static std::string labels_text_;
  static std::vector<Record>* records_;
  static std::map<std::string, std::string>* label_of_;
  static std::map<std::string, std::string>* group_of_;
  static std::map<std::string, std::vector<std::string>>* members_;
  static std::vector<boost::json::object>* groups_;
};
GeneratorOptions* WorldAdversariesWorldTest::options_ = nullptr;
std::string* WorldAdversariesWorldTest::world_ = nullptr;
std::string WorldAdversariesWorldTest::labels_text_;
std::vector<Record>* WorldAdversariesWorldTest::records_ = nullptr;
std::map<std::string, std::string>* WorldAdversariesWorldTest::label_of_ = nullptr;
std::map<std::string, std::string>* WorldAdversariesWorldTest::group_of_ = nullptr;
std::map<std::string, std::vector<std::string>>* WorldAdversariesWorldTest::members_ = nullptr;
std::vector<boost::json::object>* WorldAdversariesWorldTest::groups_ = nullptr;

TEST_F(WorldAdversariesWorldTest, TheSameSeedAndOptionsGiveTheSameFiles) {
  std::string labels;
  EXPECT_EQ(Generate(*options_, &labels), *world_);
  EXPECT_EQ(labels, labels_text_);
  GeneratorOptions other = *options_;
  other.seed = 10;
  EXPECT_NE(Generate(other, &labels), *world_);
}

TEST_F(WorldAdversariesWorldTest, LabelCountsMatchTheOptions) {
  std::map<std::string, int64_t> count;
  for (const auto& [account, label] : *label_of_) ++count[label];
  EXPECT_EQ(count["zombie"], options_->zombies);
  EXPECT_EQ(count["water_army"], options_->water_army);
  EXPECT_EQ(count["spam_bot"], options_->spam_bots);
  EXPECT_EQ(count.size(), 3u);  // organic accounts are not listed
  int64_t accounts = 0;
  for (const Record& r : *records_) accounts += r.kind == Kind::kAccount;
  EXPECT_EQ(accounts, options_->accounts + options_->zombies + options_->water_army + options_->spam_bots);
  for (const auto& g : *groups_) {
    EXPECT_EQ(static_cast<size_t>(g.at("members").as_int64()), (*members_)[Str(g, "group")].size());
  }
}

TEST_F(WorldAdversariesWorldTest, FarmsVaryInSizeAndCamouflage) {
  std::set<std::string> camouflage, profiles;
  int64_t smallest = INT64_MAX, largest = 0;
  for (const auto& g : *groups_) {
    if (Str(g, "kind") != "zombie_farm") continue;
    int64_t size = g.at("members").as_int64();
    smallest = std::min(smallest, size);
    largest = std::max(largest, size);
    camouflage.insert(Str(g, "camouflage"));
    profiles.insert(Str(g, "profiles"));
  }
  EXPECT_GE(smallest, 50);
  EXPECT_GE(largest, 2 * smallest);
  EXPECT_EQ(camouflage, (std::set<std::string>{"none", "random", "popular"}));
  EXPECT_EQ(profiles, (std::set<std::string>{"default", "fake_activity"}));
}

TEST_F(WorldAdversariesWorldTest, ZombiesFollowTheirCustomersAtAboutTheDensity) {
  std::set<std::pair<std::string, std::string>> follows;
  for (const Record& r : *records_) {
    if (r.kind == Kind::kFollow) follows.emplace(r.from, r.to);
  }
  for (const auto& g : *groups_) {
    if (Str(g, "kind") != "zombie_farm") continue;
    const auto& zombies = (*members_)[Str(g, "group")];
    std::vector<std::string> customers = Strings(g, "targets");
    ASSERT_GE(customers.size(), 2u);
    double density = g.at("density").as_double();
    int64_t hits = 0;
    for (const auto& z : zombies) {
      for (const auto& c : customers) hits += follows.count({z, c});
      EXPECT_TRUE(std::any_of(customers.begin(), customers.end(),
                              [&](const std::string& c) { return follows.count({z, c}) > 0; }))
          << z << " serves no customer";
    }
    double observed = static_cast<double>(hits) / static_cast<double>(zombies.size() * customers.size());
    // A zombie that drew no customer gets one, which lifts the rate by (1 - p)^n / n.
    double expected = density + std::pow(1 - density, static_cast<double>(customers.size())) /
                                    static_cast<double>(customers.size());
    EXPECT_NEAR(observed, expected, 0.08) << Str(g, "group");
    for (const auto& c : customers) EXPECT_EQ(LabelOf(c), "organic");
  }
}

TEST_F(WorldAdversariesWorldTest, CrewsActWithinMinutesOfEachTarget) {
  std::map<std::string, int64_t> posted;
  std::map<std::string, std::vector<std::pair<std::string, int64_t>>> acts;  // post -> who, when
  for (const Record& r : *records_) {
    if (r.kind == Kind::kPost) posted[r.id] = r.at;
    if (r.kind == Kind::kForward) acts[r.parent].emplace_back(r.author, r.at);
    if (r.kind == Kind::kComment || r.kind == Kind::kLike) acts[r.post].emplace_back(r.author, r.at);
  }
  int crews = 0;
  for (const auto& g : *groups_) {
    if (Str(g, "kind") != "water_army") continue;
    ++crews;
    const auto& list = (*members_)[Str(g, "group")];
    std::set<std::string> members(list.begin(), list.end());
    EXPECT_GE(members.size(), 10u);
    EXPECT_LE(members.size(), 69u);
    const auto& delay = g.at("delay_minutes").as_array();
    int64_t earliest = delay[0].as_int64() * kMinute;
    int64_t latest = (delay[1].as_int64() + g.at("window_minutes").as_int64()) * kMinute;
    EXPECT_LE(latest, 60 * kMinute);
    double share_sum = 0;
    std::vector<std::string> targets = Strings(g, "targets");
    for (const auto& p : targets) {
      ASSERT_TRUE(posted.count(p)) << p;
      std::set<std::string> acted;
      for (const auto& [who, at] : acts[p]) {
        if (!members.count(who)) continue;
        acted.insert(who);
        EXPECT_GE(at - posted[p], earliest) << Str(g, "group") << " on " << p;
        EXPECT_LE(at - posted[p], latest) << Str(g, "group") << " on " << p;
      }
      share_sum += static_cast<double>(acted.size()) / static_cast<double>(members.size());
    }
    if (!targets.empty()) {
      EXPECT_GE(share_sum / static_cast<double>(targets.size()), 0.45) << Str(g, "group");
    }
  }
  EXPECT_GE(crews, 4);
}

// Character bigrams, links and mentions left out: what a near-duplicate detector compares.
std::set<std::string> Bigrams(const std::string& text) {
  std::string kept;
  std::istringstream words(text);
  for (std::string w; words >> w;) {
    if (w[0] != '@' && w.rfind("http://", 0) != 0) kept += w + " ";
  }
  std::set<std::string> out;
  for (size_t k = 0; k + 2 <= kept.size(); ++k) out.insert(kept.substr(k, 2));
  return out;
}
double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t both = 0;
  for (const auto& x : a) both += b.count(x);
  size_t either = a.size() + b.size() - both;
  return either ? static_cast<double>(both) / static_cast<double>(either) : 1.0;
}
double MeanSimilarity(const std::vector<std::string>& texts) {
  double sum = 0;
  int pairs = 0;
  for (size_t k = 0; k + 1 < texts.size() && pairs < 200; ++k, ++pairs) {
    sum += Jaccard(Bigrams(texts[k]), Bigrams(texts[(k * 7 + 3) % texts.size()]));
  }
  return pairs ? sum / pairs : 0;
}

TEST_F(WorldAdversariesWorldTest, SpamBotsPostNearDuplicateAdsWithLinksAtAHighRate) {
  std::map<std::string, std::vector<std::string>> ads;      // bot -> its ads
  std::map<std::string, std::vector<int64_t>> times;        // bot -> when
  std::vector<std::string> organic;
  for (const Record& r : *records_) {
    if (r.kind != Kind::kPost) continue;
    std::string label = LabelOf(r.author);
    if (label == "spam_bot" && r.text.find("http://t.cn/") != std::string::npos) {
      ads[r.author].push_back(r.text);
      times[r.author].push_back(r.at);
      EXPECT_NE(r.text.find(" @"), std::string::npos) << r.text;
      EXPECT_NE(r.text.find(" #"), std::string::npos) << r.text;
    } else if (label == "organic") {
      organic.push_back(r.text);
    }
  }
  EXPECT_EQ(static_cast<int64_t>(ads.size()), options_->spam_bots);  // every bot advertises
  double organic_similarity = MeanSimilarity(organic);
  EXPECT_LT(organic_similarity, 0.15);
  for (const auto& [bot, texts] : ads) {
    EXPECT_GE(texts.size(), 15u) << bot;
    EXPECT_GT(MeanSimilarity(texts), 2 * organic_similarity) << bot;
    // Posts come in sessions: half of the gaps are under five minutes.
    std::vector<int64_t> gaps;
    for (size_t k = 1; k < times[bot].size(); ++k) gaps.push_back(times[bot][k] - times[bot][k - 1]);
    std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
    EXPECT_LT(gaps[gaps.size() / 2], 5 * kMinute) << bot;
  }
}

TEST_F(WorldAdversariesWorldTest, LinesAreInTimeOrderAndReferOnlyToEarlierIds) {
  std::set<std::string> seen;
  std::set<std::pair<std::string, std::string>> follows, likes;
  int64_t last = 0;
  for (const Record& r : *records_) {
    EXPECT_GE(r.at, last) << r.id;
    last = r.at;
    for (const std::string* ref : {&r.from, &r.to, &r.author, &r.parent, &r.post, &r.reply_to}) {
      if (!ref->empty()) {
        EXPECT_TRUE(seen.count(*ref)) << "forward reference to " << *ref;
      }
    }
    if (!r.id.empty()) {
      EXPECT_TRUE(seen.insert(r.id).second) << "duplicate id " << r.id;
    }
    if (r.kind == Kind::kFollow) {
      EXPECT_NE(r.from, r.to);
      EXPECT_TRUE(follows.emplace(r.from, r.to).second) << r.from << " follows " << r.to << " twice";
    }
    if (r.kind == Kind::kLike) {
      EXPECT_TRUE(likes.emplace(r.author, r.post).second);
    }
  }
  for (const auto& [account, label] : *label_of_) EXPECT_TRUE(seen.count(account)) << account;
}

TEST_F(WorldAdversariesWorldTest, AdversaryAccountsLookLikeOrdinaryOnes) {
  std::map<std::string, std::set<std::string>> keys;  // label -> JSON members its lines use
  std::vector<std::pair<int64_t, std::string>> by_creation;  // created, id
  for (const std::string& line : Lines(*world_)) {
    if (line.find(R"("type":"account")") == std::string::npos) continue;
    boost::json::object o = boost::json::parse(line).as_object();
    std::string id = Str(o, "id"), handle = Str(o, "handle");
    std::string number = id.substr(1);
    // Same handle shape for everyone: syllables, '_', the id's number.
    EXPECT_EQ(handle.substr(handle.rfind('_') + 1), number) << line;
    for (const auto& member : o) keys[LabelOf(id)].insert(std::string(member.key()));
    by_creation.emplace_back(o.at("created_at").as_int64(), id);
  }
  for (const auto& [label, used] : keys) {
    for (const auto& key : used) EXPECT_TRUE(keys["organic"].count(key)) << label << " alone uses " << key;
  }
  // An adversary's id sits where its creation time puts it, not after the ordinary accounts.
  // (Ordinary accounts' times jitter by up to an hour, so during a burst of sign-ups theirs can
  // stray further.)
  std::sort(by_creation.begin(), by_creation.end());
  for (size_t rank = 0; rank < by_creation.size(); ++rank) {
    const std::string& id = by_creation[rank].second;
    if (LabelOf(id) == "organic") continue;
    EXPECT_LE(std::llabs(std::stoll(id.substr(1)) - static_cast<int64_t>(rank)), 30) << id;
  }
}

}  // namespace
}  // namespace cw::world
