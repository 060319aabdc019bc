// The design is simple: draw every account's traits (community, popularity, activity), then the
// follow graph, then posts, cascades, comments and likes as compact events with times; sort the
// events by time; write them, making each line's text from a hash of the seed and the event so no
// strings are held in memory. Dependencies always get a later time than what they refer to, so
// the time order is also a valid reference order.
//
// Adversaries are drawn after the organic world, from a random stream of their own, so the
// organic behaviour is the same with or without them; they are more compact events in the same
// list, merged by the same sort. Only their behaviour may give them away, so before writing every
// account gets its file id by creation time (a zombie created in March sits among March's organic
// ids) and posts, forwards and comments are numbered the way organic ones are (by author, by root
// post). Without adversaries each of these numberings is the identity, and the output is what the
// generator wrote before adversaries existed.
#include "world/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <numeric>
#include <unordered_set>
#include <vector>

#include "world/format.h"

namespace cw::world {
namespace {

constexpr int64_t kStart = 1704067200000;            // 2024-01-01T00:00:00Z
constexpr int64_t kDay = 86'400'000;
constexpr int64_t kJoinSpan = 365 * kDay;            // accounts join over a year
constexpr int64_t kEnd = kStart + 400 * kDay;        // the world's history ends here
constexpr int kMaxCascade = 10'000;
constexpr int kMaxDepth = 25;
constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 3'600'000;

// xoshiro256** seeded by splitmix64: fast, and the same sequence on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9E3779B97F4A7C15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  int64_t Between(int64_t lo, int64_t hi) {  // lo..hi inclusive
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  uint64_t Below(uint64_t n) { return n ? Next() % n : 0; }
  bool Chance(double p) { return Uniform() < p; }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  double Normal() {
    double u1 = 1.0 - Uniform(), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  int64_t Poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 30) return std::max<int64_t>(0, std::llround(lambda + std::sqrt(lambda) * Normal()));
    double l = std::exp(-lambda), p = 1.0;
    int64_t k = 0;
    do {
      ++k;
      p *= Uniform();
    } while (p > l);
    return k - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

uint64_t Mix(uint64_t a, uint64_t b) {
  uint64_t z = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// --- vocabulary -----------------------------------------------------------------------------

struct Topic {
  const char* zh;
  const char* en;
};
constexpr Topic kTopics[] = {
    {"春节", "SpringFestival"}, {"高考", "Gaokao"},         {"世界杯", "WorldCup"},
    {"新能源", "EV"},           {"人工智能", "AI"},         {"美食", "Food"},
    {"旅行", "Travel"},         {"摄影", "Photography"},    {"读书", "Books"},
    {"电影", "Movies"},         {"音乐", "Music"},           {"健身", "Fitness"},
    {"股市", "Stocks"},         {"房价", "Housing"},         {"咖啡", "Coffee"},
    {"猫咪", "Cats"},           {"考研", "GradSchool"},      {"程序员", "Programming"},
    {"手机", "Phones"},         {"天气", "Weather"},         {"篮球", "Basketball"},
    {"动漫", "Anime"},          {"综艺", "VarietyShow"},     {"环保", "Climate"},
    {"航天", "Space"},          {"国潮", "Guochao"},         {"茶", "Tea"},
    {"马拉松", "Marathon"},     {"游戏", "Gaming"},          {"宠物", "Pets"},
    {"留学", "StudyAbroad"},    {"创业", "Startups"},
};
constexpr size_t kTopicCount = sizeof(kTopics) / sizeof(kTopics[0]);

constexpr const char* kZhPhrases[] = {
    "今天终于有空了", "大家怎么看？", "说得太对了", "有人一起吗", "真的没想到",
    "记录一下", "分享给大家", "这也太好看了吧", "支持一下", "第一次尝试，感觉不错",
    "周末愉快", "有点失望", "强烈推荐", "学到了", "笑死我了[哈哈]", "加油！",
    "明天继续", "感动[泪]", "又是充实的一天", "求推荐",
};
constexpr const char* kEnPhrases[] = {
    "finally had some time today", "what do you all think?", "couldn't agree more",
    "anyone want to join?", "did not see that coming", "sharing this with everyone",
    "highly recommended", "learned something new", "first try, not bad", "have a great weekend",
    "a bit disappointed", "keep going!", "more tomorrow", "so touching", "any recommendations?",
};
constexpr const char* kForwardComments[] = {
    "转发微博", "转发微博", "赞", "说得好", "mark", "同意", "哈哈哈", "学习了", "转",
    "+1", "太真实了", "支持", "顶", "好看", "agree", "so true", "this!",
};
constexpr const char* kComments[] = {
    "沙发", "说得好", "同意楼上", "哈哈哈[哈哈]", "真的吗？", "支持！", "学到了，谢谢",
    "在哪里拍的？", "好羡慕", "我也是", "不敢苟同", "求链接", "太棒了", "Nice!",
    "Totally agree", "Where is this?", "Love it", "Thanks for sharing",
};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "晓", "欣怡",
                                  "子涵", "浩然", "雨桐", "一诺", "思远"};
constexpr const char* kSyllables[] = {"xiao", "ming", "li",  "hua",  "wang", "fang", "zhang",
                                      "wei",  "chen", "jing", "yang", "lin",  "hao",  "yu",
                                      "tian", "feng", "lei",  "mei",  "qing", "yun"};
constexpr const char* kEnNames[] = {"Emma",  "Liam", "Olivia", "Noah", "Ava",   "Lucas",
                                    "Mia",   "Leo",  "Chloe",  "Ethan", "Grace", "Jack",
                                    "Sophie", "Ryan", "Lily",  "Kevin"};

template <size_t N>
const char* Pick(const char* const (&arr)[N], uint64_t h) {
  return arr[h % N];
}


// Water-army comments: two clauses, which a member may swap, join differently and decorate, so a
// crew's texts are near-identical but seldom equal.
struct Clauses {
  const char* first;
  const char* second;
};
constexpr Clauses kArmyTemplates[] = {
    {"支持", "这才是良心"},       {"已转", "大家快看"},         {"说得太好了", "必须顶"},
    {"真心推荐", "用过都说好"},   {"为你打call", "期待更多"},   {"太赞了", "一定要支持"},
    {"良心之作", "强烈推荐"},     {"冲鸭", "大家一起转起来"},   {"好消息", "转给需要的人"},
    {"质量没得说", "回购无数次了"}, {"Support", "this is amazing"}, {"Must share", "so good"},
};
constexpr size_t kArmyTemplateCount = sizeof(kArmyTemplates) / sizeof(kArmyTemplates[0]);
constexpr const char* kJoiners[] = {"，", "，", "！", " ", "～"};
constexpr const char* kDecorations[] = {"",   "",     "",     "！",   "!!!", "～",
                                        "[赞]", "[心]", "[good]", "👍", "🔥",  "❤️"};

// Spam: {P} product, {O} offer, {C} call to action, {L} link.
constexpr const char* kSpamTemplatesZh[] = {
    "{P}{O}，{C} {L}",         "【{P}】{O}！{C}：{L}",      "{O}｜{P}官方活动，{C} {L}",
    "{P}福利来了：{O}，{C} → {L}", "震惊！{P}{O}，{C} {L}",    "今日{P}：{O}！{C}{L}",
};
constexpr const char* kSpamTemplatesEn[] = {"{P} deal: {O}! {C} {L}", "{O} on {P}, {C}: {L}",
                                            "[{P}] {O} - {C} {L}"};
constexpr const char* kSpamProductsZh[] = {"面膜",     "代购",   "减肥茶", "理财课", "游戏礼包",
                                           "兼职日结", "网贷秒批", "手机抽奖", "会员卡", "潮鞋"};
constexpr const char* kSpamOffersZh[] = {"全场一折", "今日免费领", "仅限前100名", "日赚500",
                                         "秒到账",   "买一送一",   "0元包邮",     "限时五折"};
constexpr const char* kSpamCallsZh[] = {"点击领取", "戳链接", "速抢", "详情见", "立即抢购", "快来"};
constexpr const char* kSpamProductsEn[] = {"Crypto course", "Designer bags", "Diet pills",
                                           "Phone giveaway"};
constexpr const char* kSpamOffersEn[] = {"90% off", "free today", "only 100 left", "earn $500/day"};
constexpr const char* kSpamCallsEn[] = {"click", "grab it", "details", "hurry"};

// --- the world in compact form --------------------------------------------------------------

enum EventType : uint8_t { kAccountEv, kFollowEv, kPostEv, kForwardEv, kCommentEv, kLikeEv };

struct Event {
  int64_t at;
  uint32_t seq;
  EventType type;
  uint32_t a;  // account (or follower); for follows and likes, the file id once numbered
  uint32_t b;  // followee
  uint64_t c;  // post / forward / comment index, like target
};

// A reference to a post or a forward: the top bit says which.
constexpr uint64_t kForwardBit = 1ULL << 63;

// `group` is 0 for ordinary text, else 1 + the index of the crew or spam operator whose
// templates make the text.
struct PostRec {
  uint32_t author;
  uint32_t group;
  int64_t at;
  uint8_t visibility;  // 0 public, 1 fans, 2 friends, 3 only_me
};
struct ForwardRec {
  uint32_t author;
  uint32_t group;
  uint64_t parent;
  int64_t at;
};
struct CommentRec {
  uint32_t author;
  uint32_t group;
  uint64_t target;
  int64_t reply_to;  // comment index or -1
  int64_t at;
};

enum class Label : uint8_t { kZombie, kWaterArmy, kSpamBot };
const char* LabelName(Label l) {
  return l == Label::kZombie ? "zombie" : l == Label::kWaterArmy ? "water_army" : "spam_bot";
}

// How an adversary's account line is written. kLikeOrganic draws the profile and address
// exactly as for an ordinary account; the others set them.
enum class Profile : uint8_t { kLikeOrganic, kSet };
enum class Ip : uint8_t { kRandom, kPrefix, kNone };
struct AdvAccount {
  uint32_t group;
  Label label;
  Profile profile;
  bool avatar;
  bool bio;
  Ip ip;
  uint32_t ip_prefix;  // a.b.c of a /24, for Ip::kPrefix
};

// A zombie farm, a water-army crew or a spam operator.
struct Group {
  Label label;
  int number;  // farm3, crew3, spam3
  std::vector<uint32_t> members;
  std::vector<uint32_t> customers;     // accounts served (farms, customer crews)
  std::vector<uint64_t> target_posts;  // crews
  std::string params;                  // more JSON members for the labels file
  uint8_t templates[3] = {0, 0, 0};
  uint8_t template_count = 0;
  uint8_t product = 0;
  uint8_t offers[2] = {0, 0}, calls[2] = {0, 0}, topics[3] = {0, 0, 0};
  bool english = false;
  uint64_t link_seed = 0;
  int links = 1;

  std::string Id() const {
    return (label == Label::kZombie ? "farm" : label == Label::kWaterArmy ? "crew" : "spam") +
           std::to_string(number);
  }
};

// Everything drawn before writing. Accounts 0..n-1 are organic, n.. adversaries.
struct World {
  uint64_t seed = 0;
  uint32_t n = 0;
  std::vector<int64_t> created;
  std::vector<double> weight;
  std::vector<uint32_t> community;
  std::vector<double> cum;  // cumulative organic weights
  std::vector<uint32_t> fan_start, fans;
  std::vector<PostRec> posts;
  std::vector<ForwardRec> forwards;
  std::vector<CommentRec> comments;
  std::vector<Event> events;
  std::vector<uint64_t> post_begin;  // organic posts by author: [post_begin[i], post_begin[i+1])
  std::vector<AdvAccount> adv;       // account n + k is adv[k]
  std::vector<Group> groups;

  void Emit(int64_t at, EventType t, uint32_t a, uint32_t b, uint64_t c) {
    events.push_back(Event{at, static_cast<uint32_t>(events.size()), t, a, b, c});
  }
  uint32_t FanCount(uint32_t a) const { return a < n ? fan_start[a + 1] - fan_start[a] : 0; }
  // The first k organic accounts were all created before `t`.
  uint32_t OrganicBefore(int64_t t) const {
    double k = static_cast<double>(t - kStart - kHour) / static_cast<double>(kJoinSpan) * n - 1;
    return k <= 0 ? 0 : static_cast<uint32_t>(std::min<double>(k, n));
  }
};

// The topic of a post's text: a community talks mostly about its own two topics.
const Topic& TopicOf(const World& w, uint32_t author, uint64_t h) {
  size_t t = (h % 5 == 0) ? (h >> 8) % kTopicCount
                          : (w.community[author] * 2 + ((h >> 16) & 1)) % kTopicCount;
  return kTopics[t];
}
uint64_t PostHash(uint64_t seed, uint64_t index) { return Mix(seed ^ 0x5EED, index); }

// Splits `total` into groups with sizes spread log-uniformly over [lo, hi]; a remainder too small
// to stand alone joins the last group.
std::vector<int64_t> SplitSizes(Rng& rng, int64_t total, int64_t lo, int64_t hi) {
  std::vector<int64_t> sizes;
  hi = std::max(lo, hi);
  while (total > 0) {
    int64_t s = std::llround(std::exp(rng.Uniform(std::log(lo), std::log(hi))));
    if (total - s < lo) s = total <= hi ? total : total - lo;
    sizes.push_back(s);
    total -= s;
  }
  return sizes;
}

// Draws the adversaries into a World that holds the organic accounts and their actions.
class Injector {
 public:
  Injector(World& w, uint64_t seed) : w_(w), rng_(Mix(seed, 0xAD7E55A41ULL)) {}

  // Zombie farms: accounts created in a burst, following their farm's customers (ordinary,
  // mostly small accounts that bought fans) in delivery bursts, with or without camouflage.
  void AddZombies(int64_t count);
  // Water-army crews: ordinary-looking accounts that forward, comment and like their targets'
  // posts minutes after each is posted, with template texts.
  void AddWaterArmy(int64_t count);
  // Spam bots: near-duplicate ads with links, mentions and topics, posted at a high rate.
  void AddSpamBots(int64_t count);

 private:
  uint32_t NewAccount(int64_t at, Group& g, AdvAccount a);
  uint32_t PickPopular() {
    double x = rng_.Uniform() * w_.cum.back();
    auto k = static_cast<uint32_t>(std::upper_bound(w_.cum.begin(), w_.cum.end(), x) - w_.cum.begin());
    return std::min(k, w_.n - 1);
  }
  // An organic account created before `t`, uniformly; n if there is none.
  uint32_t PickUniformBefore(int64_t t) {
    uint32_t k = w_.OrganicBefore(t);
    return k == 0 ? w_.n : static_cast<uint32_t>(rng_.Below(k));
  }
  // Follows at `at`, or just after both accounts exist; nothing at or after the end.
  void Follow(uint32_t from, uint32_t to, int64_t at) {
    at = std::max(at, std::max(w_.created[from], w_.created[to]) + 1000 +
                          static_cast<int64_t>(rng_.Below(kMinute)));
    if (at < kEnd) w_.Emit(at, kFollowEv, from, to, 0);
  }
  uint64_t Post(uint32_t author, int64_t at, uint32_t group) {
    uint64_t index = w_.posts.size();
    w_.posts.push_back(PostRec{author, group, at, 0});
    w_.Emit(at, kPostEv, author, 0, index);
    return index;
  }
  void Forward(uint32_t author, uint64_t post, int64_t at, uint32_t group) {
    w_.forwards.push_back(ForwardRec{author, group, post, at});
    w_.Emit(at, kForwardEv, author, 0, w_.forwards.size() - 1);
  }
  // A few ordinary posts spread over [from, to).
  void OrdinaryPosts(uint32_t author, int64_t count, int64_t from, int64_t to) {
    for (int64_t k = 0; k < count && to - from > 2 * kMinute; ++k) {
      Post(author, from + kMinute + static_cast<int64_t>(rng_.Uniform() * static_cast<double>(to - from - 2 * kMinute)), 0);
    }
  }
  // A public organic post by `author` made in (from, to), or -1.
  int64_t PostOfIn(uint32_t author, int64_t from, int64_t to) {
    uint64_t b = w_.post_begin[author], e = w_.post_begin[author + 1];
    if (b == e) return -1;
    for (int tries = 0; tries < 4; ++tries) {
      uint64_t p = b + rng_.Below(e - b);
      const PostRec& r = w_.posts[p];
      if (r.visibility == 0 && r.at > from && r.at < to) return static_cast<int64_t>(p);
    }
    return -1;
  }
  uint32_t RandomIpPrefix() {
    return static_cast<uint32_t>(((1 + rng_.Below(223)) << 16) | (rng_.Below(256) << 8) | rng_.Below(256));
  }
  Group& NewGroup(Label label, int number) {
    w_.groups.push_back(Group{});
    Group& g = w_.groups.back();
    g.label = label;
    g.number = number;
    return g;
  }
  uint32_t GroupRef() const { return static_cast<uint32_t>(w_.groups.size()); }  // 1 + last
  static std::string Fixed(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    return buf;
  }

  World& w_;
  Rng rng_;
};

uint32_t Injector::NewAccount(int64_t at, Group& g, AdvAccount a) {
  auto i = static_cast<uint32_t>(w_.created.size());
  at = std::clamp(at, kStart, kStart + kJoinSpan);
  w_.created.push_back(at);
  w_.community.push_back(w_.community[rng_.Below(w_.n)]);
  a.group = GroupRef() - 1;
  w_.adv.push_back(a);
  g.members.push_back(i);
  w_.Emit(at, kAccountEv, i, 0, 0);
  return i;
}

void Injector::AddZombies(int64_t count) {
  const int64_t largest = std::clamp<int64_t>(count / 3, 50, 5000);
  std::vector<int64_t> sizes = SplitSizes(rng_, count, std::min<int64_t>(50, count), largest);
  // Camouflage and profile kinds are dealt round-robin from a random start, so every kind shows
  // up once there are a few farms.
  const uint64_t camo_start = rng_.Below(3), profile_start = rng_.Below(2);
  for (size_t f = 0; f < sizes.size(); ++f) {
    Group& g = NewGroup(Label::kZombie, static_cast<int>(f + 1));
    const int64_t size = sizes[f];
    const int camouflage = static_cast<int>((camo_start + f) % 3);  // none, random, popular
    const bool fake_activity = (profile_start + f / 3) % 2 == 1;
    const double density = rng_.Uniform(0.5, 0.9);
    const double active_share = fake_activity ? rng_.Uniform(0.3, 0.9) : 0.0;
    const int64_t born = kStart + rng_.Between(30, 330) * kDay + rng_.Between(0, kDay);
    const int64_t span = rng_.Chance(0.5) ? rng_.Between(kHour, 12 * kHour) : rng_.Between(kDay, 5 * kDay);
    const double ip_draw = rng_.Uniform();
    const Ip ip = ip_draw < 0.5 ? Ip::kPrefix : ip_draw < 0.8 ? Ip::kRandom : Ip::kNone;

    // Customers: ordinary accounts older than the farm, half drawn by popularity (not Big V).
    int64_t want = std::clamp<int64_t>(std::llround(std::sqrt(size) * rng_.Uniform(0.4, 1.2)), 2, 40);
    for (int tries = 0; static_cast<int64_t>(g.customers.size()) < want && tries < 1000; ++tries) {
      uint32_t c = rng_.Chance(0.5) ? PickPopular() : PickUniformBefore(born);
      if (c >= w_.n || w_.created[c] >= born || w_.weight[c] > 200 ||
          std::find(g.customers.begin(), g.customers.end(), c) != g.customers.end()) {
        continue;
      }
      g.customers.push_back(c);
    }
    if (g.customers.empty()) g.customers.push_back(0);
    // Each customer's fans arrive in one or two deliveries, each spread over a window.
    struct Delivery {
      int64_t at, window;
    };
    std::vector<std::vector<Delivery>> deliveries(g.customers.size());
    for (auto& d : deliveries) {
      int parts = rng_.Chance(0.3) ? 2 : 1;
      for (int k = 0; k < parts; ++k) {
        int64_t at = born + span + static_cast<int64_t>(rng_.Exponential(7.0 * kDay));
        d.push_back({std::min(at, kEnd - 2 * kDay), rng_.Between(30 * kMinute, 24 * kHour)});
      }
    }

    // One /24 for a small farm, a few for a big one.
    std::vector<uint32_t> prefixes(static_cast<size_t>(1 + size / 1500));
    for (auto& p : prefixes) p = RandomIpPrefix();
    std::vector<uint32_t> followed;
    for (int64_t z = 0; z < size; ++z) {
      bool active = rng_.Chance(active_share);
      AdvAccount a{};
      a.label = Label::kZombie;
      a.profile = Profile::kSet;
      a.avatar = active ? rng_.Chance(0.9) : rng_.Chance(0.08);
      a.bio = active && rng_.Chance(0.8);
      a.ip = ip;
      a.ip_prefix = prefixes[rng_.Below(prefixes.size())];
      int64_t at = born + static_cast<int64_t>(rng_.Uniform() * static_cast<double>(span));
      uint32_t zombie = NewAccount(at, g, a);
      followed.clear();
      for (size_t c = 0; c < g.customers.size(); ++c) {
        if (!rng_.Chance(density)) continue;
        const Delivery& d = deliveries[c][rng_.Below(deliveries[c].size())];
        Follow(zombie, g.customers[c], d.at + rng_.Between(0, d.window));
        followed.push_back(g.customers[c]);
      }
      if (followed.empty()) {  // a zombie with no customer would be no use to its farm
        size_t c = rng_.Below(g.customers.size());
        const Delivery& d = deliveries[c][0];
        Follow(zombie, g.customers[c], d.at + rng_.Between(0, d.window));
        followed.push_back(g.customers[c]);
      }
      // Camouflage: as many other follows as customer follows, soon after sign-up.
      size_t camo = camouflage == 0 ? 0 : followed.size();
      for (size_t k = 0; k < camo; ++k) {
        int64_t when = at + kMinute + static_cast<int64_t>(rng_.Exponential(2.0 * kDay));
        uint32_t t = camouflage == 1 ? PickUniformBefore(when) : PickPopular();
        if (t >= w_.n || std::find(followed.begin(), followed.end(), t) != followed.end()) continue;
        followed.push_back(t);
        Follow(zombie, t, when);
      }
      if (active) {
        OrdinaryPosts(zombie, 1 + rng_.Poisson(1.0), at, std::min(kEnd, at + 90 * kDay));
        for (int64_t k = rng_.Poisson(0.8); k > 0; --k) {
          int64_t p = PostOfIn(PickPopular(), at, kEnd - kDay);
          if (p < 0) continue;
          int64_t when = w_.posts[p].at + kMinute + static_cast<int64_t>(rng_.Exponential(kDay));
          if (when < kEnd) Forward(zombie, static_cast<uint64_t>(p), when, 0);
        }
      }
    }
    static constexpr const char* kCamouflage[] = {"none", "random", "popular"};
    static constexpr const char* kIp[] = {"random", "shared_24", "none"};
    g.params = R"("density":)" + Fixed(density) + R"(,"camouflage":")" + kCamouflage[camouflage] +
               R"(","profiles":")" + (fake_activity ? "fake_activity" : "default") +
               R"(","active_share":)" + Fixed(active_share) + R"(,"signup_ip":")" +
               kIp[static_cast<int>(ip)] + R"(","created_within_hours":)" + Fixed(static_cast<double>(span) / kHour);
  }
}

void Injector::AddWaterArmy(int64_t count) {
  std::vector<int64_t> sizes = SplitSizes(rng_, count, std::min<int64_t>(10, count), 60);
  for (size_t c = 0; c < sizes.size(); ++c) {
    Group& g = NewGroup(Label::kWaterArmy, static_cast<int>(c + 1));
    const uint32_t ref = GroupRef();
    const int64_t begin = kStart + rng_.Between(60, 355) * kDay;
    const int64_t end = std::min(kEnd - kDay, begin + rng_.Between(14, 45) * kDay);
    const bool topic_crew = rng_.Chance(0.3);
    const size_t max_targets = static_cast<size_t>(rng_.Between(8, 40));

    // Targets: public posts of a few customers (popular accounts, often brands), or posts on
    // one topic, made during the campaign.
    std::vector<uint64_t>& targets = g.target_posts;
    size_t topic = rng_.Below(kTopicCount);
    if (!topic_crew) {
      for (int tries = 0; g.customers.size() < 4 && targets.size() < max_targets && tries < 200; ++tries) {
        uint32_t who = PickPopular();
        if (std::find(g.customers.begin(), g.customers.end(), who) != g.customers.end()) continue;
        uint64_t b = w_.post_begin[who], e = w_.post_begin[who + 1];
        size_t before = targets.size();
        for (uint64_t p = b; p < e; ++p) {
          const PostRec& r = w_.posts[p];
          if (r.visibility == 0 && r.at > begin && r.at < end) targets.push_back(p);
        }
        if (targets.size() > before) g.customers.push_back(who);
      }
    }
    for (int tries = 0; targets.size() < max_targets && tries < 200'000 && w_.n > 0; ++tries) {
      // Topic crews, and customer crews whose customers posted too little.
      uint32_t who = static_cast<uint32_t>(rng_.Below(w_.n));
      int64_t p = PostOfIn(who, begin, end);
      if (p < 0) continue;
      auto idx = static_cast<uint64_t>(p);
      if (topic_crew && &TopicOf(w_, who, PostHash(w_.seed, idx)) != &kTopics[topic]) continue;
      if (std::find(targets.begin(), targets.end(), idx) == targets.end()) targets.push_back(idx);
    }
    for (size_t k = 0; k < targets.size(); ++k) std::swap(targets[k], targets[k + rng_.Below(targets.size() - k)]);
    if (targets.size() > max_targets) targets.resize(max_targets);
    std::sort(targets.begin(), targets.end(),
              [&](uint64_t x, uint64_t y) { return w_.posts[x].at < w_.posts[y].at; });

    // Members: bought aged accounts, or registered in a burst a few weeks before the campaign.
    const bool burst = rng_.Chance(0.5);
    const int64_t burst_at = std::max(kStart, begin - rng_.Between(10, 60) * kDay);
    const int64_t burst_span = rng_.Between(kDay, 4 * kDay);
    g.template_count = 3;
    for (auto& t : g.templates) t = static_cast<uint8_t>(rng_.Below(kArmyTemplateCount));
    const double participation = rng_.Uniform(0.6, 0.95);
    const double p_forward = rng_.Uniform(0.5, 0.9), p_comment = rng_.Uniform(0.3, 0.7),
                 p_like = rng_.Uniform(0.3, 0.8);
    for (int64_t m = 0; m < sizes[c]; ++m) {
      int64_t at = burst ? burst_at + rng_.Between(0, burst_span)
                         : kStart + static_cast<int64_t>(rng_.Uniform() * static_cast<double>(std::max<int64_t>(kDay, begin - 7 * kDay - kStart)));
      AdvAccount a{};
      a.label = Label::kWaterArmy;
      a.profile = Profile::kLikeOrganic;
      a.ip = Ip::kRandom;
      uint32_t member = NewAccount(std::min(at, begin - kDay), g, a);
      int64_t born = w_.created[member];
      // Camouflage: a light ordinary life — follows, some followed back, a few posts.
      std::vector<uint32_t> followed;
      for (int64_t k = 3 + rng_.Poisson(12); k > 0; --k) {
        uint32_t t = rng_.Chance(0.7) ? PickPopular() : static_cast<uint32_t>(rng_.Below(w_.n));
        if (std::find(followed.begin(), followed.end(), t) != followed.end()) continue;
        followed.push_back(t);
        int64_t when = std::max(born, w_.created[t]) + kMinute + static_cast<int64_t>(rng_.Exponential(15.0 * kDay));
        Follow(member, t, when);
        if (w_.weight[t] < 20 && rng_.Chance(0.25)) {
          Follow(t, member, when + static_cast<int64_t>(rng_.Exponential(2.0 * kDay)));
        }
      }
      for (uint32_t who : g.customers) {
        if (rng_.Chance(0.5) && std::find(followed.begin(), followed.end(), who) == followed.end()) {
          Follow(member, who, born + static_cast<int64_t>(rng_.Uniform() * static_cast<double>(begin - born)));
        }
      }
      OrdinaryPosts(member, rng_.Poisson(2.5), born, kEnd);
    }
    // The work: minutes after each target is posted, most of the crew forwards it with template
    // text, comments, likes.
    int64_t delay_lo = rng_.Between(1, 5) * kMinute, delay_hi = delay_lo + rng_.Between(2, 15) * kMinute;
    int64_t window = rng_.Between(5, 30) * kMinute;
    for (uint64_t p : targets) {
      const int64_t posted = w_.posts[p].at;
      const int64_t start = posted + rng_.Between(delay_lo, delay_hi);
      for (uint32_t member : g.members) {
        if (!rng_.Chance(participation)) continue;
        bool fwd = rng_.Chance(p_forward), cmt = rng_.Chance(p_comment), like = rng_.Chance(p_like);
        if (!fwd && !cmt && !like) fwd = true;
        auto when = [&] { return start + rng_.Between(0, window); };
        if (fwd) {
          int64_t t = when();
          if (t < kEnd) Forward(member, p, t, ref);
        }
        if (cmt) {
          int64_t t = when();
          if (t < kEnd) {
            w_.comments.push_back(CommentRec{member, ref, p, -1, t});
            w_.Emit(t, kCommentEv, member, 0, w_.comments.size() - 1);
          }
        }
        if (like) {
          int64_t t = when();
          if (t < kEnd) w_.Emit(t, kLikeEv, member, 0, p);
        }
      }
    }
    g.params = std::string(R"("mode":")") + (topic_crew ? "topic" : "customers") +
               R"(","participation":)" + Fixed(participation) + R"(,"delay_minutes":[)" +
               std::to_string(delay_lo / kMinute) + "," + std::to_string(delay_hi / kMinute) +
               R"(],"window_minutes":)" + std::to_string(window / kMinute) +
               R"(,"p_forward":)" + Fixed(p_forward) + R"(,"p_comment":)" + Fixed(p_comment) +
               R"(,"p_like":)" + Fixed(p_like);
    if (topic_crew) g.params += std::string(R"(,"topic":")") + kTopics[topic].zh + "\"";
  }
}

void Injector::AddSpamBots(int64_t count) {
  std::vector<int64_t> sizes = SplitSizes(rng_, count, std::min<int64_t>(5, count), 40);
  for (size_t s = 0; s < sizes.size(); ++s) {
    Group& g = NewGroup(Label::kSpamBot, static_cast<int>(s + 1));
    const uint32_t ref = GroupRef();
    g.english = rng_.Chance(0.15);
    g.template_count = static_cast<uint8_t>(rng_.Between(2, 3));
    const size_t template_choices = g.english ? std::size(kSpamTemplatesEn) : std::size(kSpamTemplatesZh);
    for (auto& t : g.templates) t = static_cast<uint8_t>(rng_.Below(template_choices));
    g.product = static_cast<uint8_t>(rng_.Below(g.english ? std::size(kSpamProductsEn) : std::size(kSpamProductsZh)));
    for (auto& x : g.offers) x = static_cast<uint8_t>(rng_.Below(g.english ? std::size(kSpamOffersEn) : std::size(kSpamOffersZh)));
    for (auto& x : g.calls) x = static_cast<uint8_t>(rng_.Below(g.english ? std::size(kSpamCallsEn) : std::size(kSpamCallsZh)));
    const uint64_t topic = rng_.Below(kTopicCount);
    for (uint64_t k = 0; k < 3; ++k) g.topics[k] = static_cast<uint8_t>((topic + 11 * k) % kTopicCount);
    g.link_seed = rng_.Next();
    g.links = static_cast<int>(rng_.Between(1, 3));
    const bool camouflaged = rng_.Chance(0.5);
    const int64_t born = kStart + rng_.Between(10, 355) * kDay;
    const int64_t span = rng_.Between(kHour, 5 * kDay);
    const Ip ip = rng_.Chance(0.5) ? Ip::kPrefix : Ip::kRandom;
    const uint32_t prefix = RandomIpPrefix();
    int64_t total_posts = 0;
    for (int64_t b = 0; b < sizes[s]; ++b) {
      AdvAccount a{};
      a.label = Label::kSpamBot;
      a.profile = camouflaged ? Profile::kLikeOrganic : Profile::kSet;
      a.avatar = rng_.Chance(0.1);
      a.ip = ip;
      a.ip_prefix = prefix;
      uint32_t bot = NewAccount(born + rng_.Between(0, span), g, a);
      int64_t at = w_.created[bot];
      // Camouflaged bots first live an ordinary life for a while.
      int64_t spam_from = camouflaged ? at + rng_.Between(3, 20) * kDay : at + rng_.Between(10 * kMinute, kDay);
      std::vector<uint32_t> followed;
      for (int64_t k = camouflaged ? rng_.Between(10, 40) : rng_.Between(1, 5); k > 0; --k) {
        uint32_t t = PickPopular();
        if (std::find(followed.begin(), followed.end(), t) != followed.end()) continue;
        followed.push_back(t);
        Follow(bot, t, at + kMinute + static_cast<int64_t>(rng_.Exponential(camouflaged ? 5.0 * kDay : kHour)));
      }
      if (camouflaged) OrdinaryPosts(bot, rng_.Between(2, 6), at, spam_from);
      // Spam in sessions: a few posts a minute or two apart, sessions spread over the run.
      const int64_t run = rng_.Between(2, 30) * kDay;
      int64_t n_posts = 20 + rng_.Poisson(rng_.Uniform(20, 120));
      while (n_posts > 0) {
        int64_t t = spam_from + static_cast<int64_t>(rng_.Uniform() * static_cast<double>(run));
        for (int64_t k = rng_.Between(3, 10); k > 0 && n_posts > 0; --k, --n_posts) {
          t += 10'000 + static_cast<int64_t>(rng_.Exponential(1.5 * kMinute));
          if (t < kEnd) {
            Post(bot, t, ref);
            ++total_posts;
          }
        }
      }
    }
    g.params = std::string(R"("profiles":")") + (camouflaged ? "camouflaged" : "default") +
               R"(","posts":)" + std::to_string(total_posts) + R"(,"signup_ip":")" +
               (ip == Ip::kPrefix ? "shared_24" : "random") + "\"";
  }
}

// Counts the code points of UTF-8 text.
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string LinkCode(uint64_t h) {
  static constexpr char kAlphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string code;
  for (int k = 0; k < 7; ++k, h /= 57) code += kAlphabet[h % 57];
  return code;
}

// The text of a water-army forward or comment: one of the crew's templates, perhaps swapped,
// joined and decorated differently.
std::string ArmyText(const Group& g, uint64_t h) {
  const Clauses& t = kArmyTemplates[g.templates[h % g.template_count]];
  bool swap = (h >> 8) % 4 == 0;
  std::string text = std::string(swap ? t.second : t.first) + Pick(kJoiners, h >> 12) + (swap ? t.first : t.second);
  text += Pick(kDecorations, h >> 16);
  if ((h >> 20) % 3 == 0) text += Pick(kDecorations, h >> 24);
  return text;
}

std::string FillSpam(const char* tmpl, const char* product, const char* offer,
                     const std::string& call, const std::string& link) {
  std::string out;
  for (const char* p = tmpl; *p; ++p) {
    if (p[0] == '{' && p[1] && p[2] == '}') {
      switch (p[1]) {
        case 'P': out += product; break;
        case 'O': out += offer; break;
        case 'C': out += call; break;
        case 'L': out += link; break;
      }
      p += 2;
    } else {
      out += *p;
    }
  }
  return out;
}

}  // namespace

Status ApplyAdversaryPreset(std::string_view preset, GeneratorOptions* options) {
  if (preset == "none") {
    options->zombies = options->water_army = options->spam_bots = 0;
  } else if (preset == "standard") {
    options->zombies = std::llround(0.03 * static_cast<double>(options->accounts));
    options->water_army = std::llround(0.01 * static_cast<double>(options->accounts));
    options->spam_bots = std::llround(0.005 * static_cast<double>(options->accounts));
  } else {
    return InvalidArgument("unknown adversary preset '" + std::string(preset) +
                           "' (standard or none)");
  }
  return OkStatus();
}

std::string GeneratorReport::Summary() const {
  std::string s = "accounts " + std::to_string(accounts) + ", follows " + std::to_string(follows) +
                  ", posts " + std::to_string(posts) + ", forwards " + std::to_string(forwards) +
                  ", comments " + std::to_string(comments) + ", likes " + std::to_string(likes) +
                  "; largest fan count " + std::to_string(max_fans) + ", accounts over 100k fans " +
                  std::to_string(accounts_over_100k_fans);
  if (zombies + water_army + spam_bots > 0) {
    s += "; adversaries: " + std::to_string(zombies) + " zombies in " + std::to_string(farms) +
         " farms, " + std::to_string(water_army) + " water army in " + std::to_string(crews) +
         " crews, " + std::to_string(spam_bots) + " spam bots under " +
         std::to_string(spam_operators) + " operators";
  }
  return s;
}

Result<GeneratorReport> GenerateWorld(const GeneratorOptions& o, std::ostream& out,
                                      std::ostream* labels) {
  if (o.accounts < 2 || o.accounts > 20'000'000) {
    return InvalidArgument("accounts must be between 2 and 20,000,000");
  }
  const int64_t adversaries = o.zombies + o.water_army + o.spam_bots;
  if (o.zombies < 0 || o.water_army < 0 || o.spam_bots < 0 || adversaries > o.accounts) {
    return InvalidArgument("adversary counts must be at least 0 and add up to at most --accounts");
  }
  if (adversaries > 0 && o.accounts < 200) {
    return InvalidArgument("adversaries need at least 200 ordinary accounts");
  }
  const uint32_t n = static_cast<uint32_t>(o.accounts);
  Rng rng(o.seed);
  GeneratorReport report;
  World w;
  w.seed = o.seed;
  w.n = n;

  // Accounts: join time grows with the index; popularity is power-law; communities.
  const uint32_t communities = std::clamp<uint32_t>(n / 2000, 4, 500);
  std::vector<int64_t>& created = w.created;
  std::vector<double>& weight = w.weight;
  std::vector<double> activity(n);
  std::vector<uint32_t>& community = w.community;
  created.resize(n);
  weight.resize(n);
  community.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    created[i] = kStart + static_cast<int64_t>(static_cast<double>(i) / n * kJoinSpan) +
                 static_cast<int64_t>(rng.Below(3'600'000));
    weight[i] = std::pow(1.0 - rng.Uniform(), -1.0 / 1.1);  // Pareto, tail exponent 2.1
    activity[i] = std::min(50.0, 0.35 * std::pow(1.0 - rng.Uniform(), -1.0 / 1.6));
    community[i] = static_cast<uint32_t>(rng.Below(communities));
  }
  // Cumulative weights, globally and per community, for popularity-biased choice.
  std::vector<double>& cum = w.cum;
  cum.resize(n);
  std::partial_sum(weight.begin(), weight.end(), cum.begin());
  std::vector<std::vector<uint32_t>> members(communities);
  for (uint32_t i = 0; i < n; ++i) members[community[i]].push_back(i);
  std::vector<std::vector<double>> member_cum(communities);
  for (uint32_t c = 0; c < communities; ++c) {
    double s = 0;
    for (uint32_t i : members[c]) member_cum[c].push_back(s += weight[i]);
  }
  auto pick_global = [&]() -> uint32_t {
    double x = rng.Uniform() * cum.back();
    return static_cast<uint32_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin());
  };
  auto pick_in = [&](uint32_t c) -> uint32_t {
    const auto& mc = member_cum[c];
    double x = rng.Uniform() * mc.back();
    size_t k = static_cast<size_t>(std::upper_bound(mc.begin(), mc.end(), x) - mc.begin());
    return members[c][std::min(k, mc.size() - 1)];
  };

  // Follows: mostly inside the community, biased to the popular; small accounts follow back.
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  edges.reserve(static_cast<size_t>(o.accounts * o.mean_following * 1.3));
  const double sigma = 1.1;
  const double mu = std::log(o.mean_following) - sigma * sigma / 2;
  const double small = 20.0;  // below this weight an account is "ordinary"
  for (uint32_t i = 0; i < n; ++i) {
    int64_t degree = std::llround(std::exp(mu + sigma * rng.Normal()));
    degree = std::clamp<int64_t>(degree, 1, std::min<int64_t>(2000, n - 1));
    for (int64_t k = 0; k < degree; ++k) {
      uint32_t j = rng.Chance(0.7) ? pick_in(community[i]) : pick_global();
      if (j >= n || j == i) continue;
      edges.emplace_back(i, j);
      if (weight[j] < small && community[j] == community[i] && rng.Chance(0.4)) {
        edges.emplace_back(j, i);
      }
    }
  }
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  // Fans in compressed rows (followee -> followers), for cascades, comments and likes.
  std::vector<uint32_t>& fan_start = w.fan_start;
  std::vector<uint32_t>& fans = w.fans;
  fan_start.assign(n + 1, 0);
  fans.resize(edges.size());
  for (const auto& [from, to] : edges) ++fan_start[to + 1];
  std::partial_sum(fan_start.begin(), fan_start.end(), fan_start.begin());
  {
    std::vector<uint32_t> fill(fan_start.begin(), fan_start.end() - 1);
    for (const auto& [from, to] : edges) fans[fill[to]++] = from;
  }
  auto fan_count = [&](uint32_t a) { return w.FanCount(a); };
  auto random_fan = [&](uint32_t a) { return fans[fan_start[a] + rng.Below(fan_count(a))]; };
  for (uint32_t a = 0; a < n; ++a) {
    report.max_fans = std::max<int64_t>(report.max_fans, fan_count(a));
    if (fan_count(a) >= 100'000) ++report.accounts_over_100k_fans;
  }

  std::vector<Event>& events = w.events;
  // With room for the adversaries' events: growing the vector later would copy it all.
  events.reserve(edges.size() + n * 8 +
                 static_cast<size_t>(60 * o.zombies + 250 * (o.water_army + o.spam_bots)));
  auto emit = [&](int64_t at, EventType t, uint32_t a, uint32_t b, uint64_t c) { w.Emit(at, t, a, b, c); };
  for (uint32_t i = 0; i < n; ++i) emit(created[i], kAccountEv, i, 0, 0);
  for (const auto& [from, to] : edges) {
    int64_t at = std::max(created[from], created[to]) + 1 +
                 static_cast<int64_t>(rng.Exponential(15.0 * kDay));
    emit(std::min(at, kEnd - 1), kFollowEv, from, to, 0);
  }
  edges.clear();
  edges.shrink_to_fit();

  // Posts, and what grows from each: a forward cascade, comments, likes.
  std::vector<PostRec>& posts = w.posts;
  std::vector<ForwardRec>& forwards = w.forwards;
  std::vector<CommentRec>& comments = w.comments;
  std::unordered_set<uint32_t> seen;
  for (uint32_t i = 0; i < n; ++i) {
    double boost = 1.0 + std::log1p(fan_count(i) / 1000.0);
    int64_t count = rng.Poisson(o.mean_posts * activity[i] * boost);
    for (int64_t k = 0; k < count; ++k) {
      int64_t at = created[i] + 60'000 +
                   static_cast<int64_t>(rng.Uniform() * static_cast<double>(kEnd - created[i] - 120'000));
      double v = rng.Uniform();
      uint8_t visibility = v < 0.95 ? 0 : v < 0.98 ? 1 : v < 0.995 ? 2 : 3;
      uint64_t post_index = posts.size();
      posts.push_back(PostRec{i, 0, at, visibility});
      emit(at, kPostEv, i, 0, post_index);
      if (visibility >= 2) continue;  // friends-only and only-me posts gather nothing here

      // Cascade: each spreader's fans forward with a rate growing sublinearly in its fans.
      struct Spread {
        uint32_t who;
        uint64_t ref;
        int64_t at;
        int depth;
      };
      std::vector<Spread> queue{{i, post_index, at, 0}};
      seen.clear();
      seen.insert(i);
      for (size_t q = 0; q < queue.size() && visibility == 0; ++q) {
        Spread s = queue[q];
        uint32_t f = fan_count(s.who);
        if (f == 0 || s.depth >= kMaxDepth) continue;
        double lambda = 0.012 * std::pow(f, 0.6) * std::pow(0.7, s.depth);
        int64_t spread = std::min<int64_t>(rng.Poisson(lambda), f);
        for (int64_t m = 0; m < spread && static_cast<int>(queue.size()) <= kMaxCascade; ++m) {
          uint32_t who = random_fan(s.who);
          if (!seen.insert(who).second) continue;
          int64_t when = s.at + 1000 + static_cast<int64_t>(rng.Exponential(2.0 * 3'600'000 * (1 + s.depth)));
          if (when >= kEnd || when <= created[who]) continue;
          uint64_t ref = kForwardBit | forwards.size();
          forwards.push_back(ForwardRec{who, 0, s.ref, when});
          emit(when, kForwardEv, who, 0, ref & ~kForwardBit);
          queue.push_back({who, ref, when, s.depth + 1});
        }
      }

      uint32_t f = fan_count(i);
      int64_t n_comments = rng.Poisson(0.15 + 0.01 * std::pow(f, 0.6));
      size_t first_comment = comments.size();
      for (int64_t m = 0; m < n_comments; ++m) {
        uint32_t who = f ? random_fan(i) : static_cast<uint32_t>(rng.Below(n));
        int64_t when = at + 1000 + static_cast<int64_t>(rng.Exponential(3.0 * 3'600'000));
        if (when >= kEnd || when <= created[who]) continue;
        int64_t reply_to = -1;
        if (comments.size() > first_comment && rng.Chance(0.25)) {
          size_t r = first_comment + rng.Below(comments.size() - first_comment);
          if (comments[r].at < when) reply_to = static_cast<int64_t>(r);
        }
        comments.push_back(CommentRec{who, 0, post_index, reply_to, when});
        emit(when, kCommentEv, who, 0, comments.size() - 1);
      }
      int64_t n_likes = std::min<int64_t>(rng.Poisson(0.4 + 0.03 * std::pow(f, 0.7)), f);
      seen.clear();
      for (int64_t m = 0; m < n_likes; ++m) {
        uint32_t who = random_fan(i);
        int64_t when = at + 1000 + static_cast<int64_t>(rng.Exponential(3'600'000));
        if (when >= kEnd || when <= created[who] || !seen.insert(who).second) continue;
        emit(when, kLikeEv, who, 0, post_index);
      }
    }
  }

  // Adversaries, then the numbering that hides them among the organic ids.
  std::vector<uint32_t> ext;       // account index -> file id number
  std::vector<uint64_t> post_id;   // post index -> file id number
  std::vector<uint64_t> fwd_id, comment_id;
  if (adversaries > 0) {
    w.post_begin.assign(n + 1, 0);
    for (const PostRec& p : posts) ++w.post_begin[p.author + 1];
    std::partial_sum(w.post_begin.begin(), w.post_begin.end(), w.post_begin.begin());
    Injector injector(w, o.seed);
    if (o.zombies > 0) injector.AddZombies(o.zombies);
    if (o.water_army > 0) injector.AddWaterArmy(o.water_army);
    if (o.spam_bots > 0) injector.AddSpamBots(o.spam_bots);

    // Accounts: an adversary goes after the organic accounts whose slot in the joining year is
    // not later than its creation.
    const auto total = static_cast<uint32_t>(created.size());
    std::vector<std::pair<uint64_t, uint32_t>> slots;
    for (uint32_t i = n; i < total; ++i) {
      auto slot = static_cast<uint64_t>(static_cast<double>(created[i] - kStart) / kJoinSpan * n) + 1;
      slots.emplace_back(std::min<uint64_t>(slot, n), i);
    }
    std::stable_sort(slots.begin(), slots.end(), [&](const auto& x, const auto& y) {
      return x.first != y.first ? x.first < y.first : created[x.second] < created[y.second];
    });
    ext.resize(total);
    uint32_t next = 0;
    size_t a = 0;
    for (uint32_t i = 0; i < n; ++i) {
      for (; a < slots.size() && slots[a].first <= i; ++a) ext[slots[a].second] = next++;
      ext[i] = next++;
    }
    for (; a < slots.size(); ++a) ext[slots[a].second] = next++;

    // Posts by author file id; forwards and comments by their root post's file id. Counting
    // sorts, stable, so organic order within an author or a root is kept.
    auto counting = [](size_t buckets, size_t items, auto key) {
      std::vector<uint64_t> start(buckets + 1, 0), id(items);
      for (size_t k = 0; k < items; ++k) ++start[key(k) + 1];
      std::partial_sum(start.begin(), start.end(), start.begin());
      for (size_t k = 0; k < items; ++k) id[k] = start[key(k)]++;
      return id;
    };
    post_id = counting(total, posts.size(), [&](size_t k) { return ext[posts[k].author]; });
    std::vector<uint64_t> root(forwards.size());
    for (size_t k = 0; k < forwards.size(); ++k) {
      uint64_t p = forwards[k].parent;
      root[k] = p & kForwardBit ? root[p & ~kForwardBit] : p;
    }
    fwd_id = counting(posts.size(), forwards.size(), [&](size_t k) { return post_id[root[k]]; });
    comment_id = counting(posts.size(), comments.size(), [&](size_t k) {
      uint64_t t = comments[k].target;
      return post_id[t & kForwardBit ? root[t & ~kForwardBit] : t];
    });
  }
  // Follows and likes name accounts only to print them: translated now, in one pass, instead of
  // at a random place in the file for every line while writing.
  if (!ext.empty()) {
    for (Event& e : events) {
      if (e.type == kFollowEv) {
        e.a = ext[e.a];
        e.b = ext[e.b];
      } else if (e.type == kLikeEv) {
        e.a = ext[e.a];
      }
    }
  }
  auto account_no = [&](uint32_t i) -> uint32_t { return ext.empty() ? i : ext[i]; };
  auto post_no = [&](uint64_t k) { return post_id.empty() ? k : post_id[k]; };
  auto fwd_no = [&](uint64_t k) { return fwd_id.empty() ? k : fwd_id[k]; };
  auto comment_no = [&](uint64_t k) { return comment_id.empty() ? k : comment_id[k]; };

  std::sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
    return x.at != y.at ? x.at < y.at : x.seq < y.seq;
  });

  // --- writing ---
  std::string buf;
  buf.reserve(1 << 21);
  auto flush = [&](bool force) {
    if (force || buf.size() > (1 << 20)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  };
  auto handle = [&](uint32_t i) {
    uint32_t no = account_no(i);
    uint64_t h = Mix(o.seed, no);
    return std::string(Pick(kSyllables, h)) + Pick(kSyllables, h >> 8) + "_" + std::to_string(no);
  };
  auto ref_id = [&](uint64_t ref) {
    return ref & kForwardBit ? "f" + std::to_string(fwd_no(ref & ~kForwardBit))
                             : "p" + std::to_string(post_no(ref));
  };
  // Someone to @mention at time `at`: an organic account that surely exists by then.
  auto mention_before = [&](int64_t at, uint64_t h) -> int64_t {
    uint32_t limit = w.OrganicBefore(at);
    return limit == 0 ? -1 : static_cast<int64_t>(h % limit);
  };
  auto post_text = [&](const PostRec& p, uint64_t index) {
    uint64_t h = PostHash(o.seed, index);
    const Topic& t = TopicOf(w, p.author, h);
    std::string text;
    bool english = (Mix(o.seed, p.author) % 4 == 0) != (h % 7 == 0);
    if (english) {
      text = std::string(Pick(kEnPhrases, h >> 4)) + " #" + t.en;
    } else {
      text = "#" + std::string(t.zh) + "# " + Pick(kZhPhrases, h >> 4);
    }
    if (h % 11 == 0 && p.author > 0) {
      if (p.author < n) {
        text += " @" + handle(static_cast<uint32_t>((h >> 20) % p.author));
      } else if (int64_t m = mention_before(p.at, h >> 20); m >= 0) {
        text += " @" + handle(static_cast<uint32_t>(m));
      }
    }
    return text;
  };
  // An operator's ads: mostly its main template, its product, two offers and calls, a few hot
  // topics and links; mentions of random accounts.
  auto spam_text = [&](const PostRec& p, uint64_t index) {
    const Group& g = w.groups[p.group - 1];
    uint64_t h = PostHash(o.seed, index);
    size_t which = h % 10 < 7 ? 0 : 1 + (h >> 40) % (g.template_count - 1);
    const char* tmpl = g.english ? kSpamTemplatesEn[g.templates[which]] : kSpamTemplatesZh[g.templates[which]];
    std::string link = "http://t.cn/" + LinkCode(Mix(g.link_seed, (h >> 4) % g.links));
    uint8_t offer = g.offers[(h >> 8) & 1], call_word = g.calls[(h >> 9) & 1];
    std::string call = std::string(g.english ? kSpamCallsEn[call_word] : kSpamCallsZh[call_word]) +
                       Pick(kDecorations, h >> 16);
    std::string text =
        g.english ? FillSpam(tmpl, kSpamProductsEn[g.product], kSpamOffersEn[offer], call, link)
                  : FillSpam(tmpl, kSpamProductsZh[g.product], kSpamOffersZh[offer], call, link);
    std::string tail;
    for (uint64_t k = 0, topics = 1 + (h >> 20) % 2, first = (h >> 21) % 3; k < topics; ++k) {
      const Topic& t = kTopics[g.topics[(first + k) % 3]];
      tail += g.english ? std::string(" #") + t.en : std::string(" #") + t.zh + "#";
    }
    for (uint64_t k = 0, mentions = 1 + (h >> 28) % 3; k < mentions; ++k) {
      int64_t m = mention_before(p.at, Mix(h, 100 + k));
      if (m < 0) break;
      std::string more = " @" + handle(static_cast<uint32_t>(m));
      if (CodePoints(text) + CodePoints(tail) + CodePoints(more) > 140) break;
      tail += more;
    }
    return text + tail;
  };
  // Some accounts, ordinary or not, have no recorded sign-up address; only in worlds with
  // adversaries, so that worlds without them stay as they were.
  auto omit_ip = [&](uint32_t no) { return adversaries > 0 && Mix(o.seed ^ 0x1B0, no) % 100 < 3; };

  for (const Event& e : events) {
    uint64_t h = Mix(o.seed ^ 0xE7E47, e.seq);
    switch (e.type) {
      case kAccountEv: {
        uint32_t i = e.a;
        uint32_t no = account_no(i);
        const AdvAccount* adv = i < n ? nullptr : &w.adv[i - n];
        uint64_t hi = Mix(o.seed, no);
        bool english = hi % 4 == 0;
        std::string name = english ? std::string(Pick(kEnNames, hi >> 8)) + " " + Pick(kSyllables, hi >> 16)
                                   : std::string(Pick(kSurnames, hi >> 8)) + Pick(kGiven, hi >> 16);
        const Topic& t = kTopics[(community[i] * 2) % kTopicCount];
        bool has_bio = adv && adv->profile == Profile::kSet ? adv->bio : hi % 3 != 0;
        std::string bio = !has_bio ? "" : english ? std::string("Into ") + t.en + "."
                                                  : std::string("喜欢") + t.zh + "。";
        bool avatar = adv && adv->profile == Profile::kSet ? adv->avatar : hi % 5 != 0;
        bool big = fan_count(i) >= 10'000;
        bool brand = big && hi % 5 == 0;
        buf += R"({"type":"account","id":"a)" + std::to_string(no) + R"(","handle":)";
        AppendJsonString(handle(i), &buf);
        buf += R"(,"name":)";
        AppendJsonString(brand ? name + "官方" : name, &buf);
        buf += R"(,"bio":)";
        AppendJsonString(bio, &buf);
        buf += R"(,"created_at":)" + std::to_string(created[i]);
        buf += std::string(R"(,"kind":")") + (brand ? "enterprise" : "personal");
        buf += std::string(R"(","verified":")") + (brand ? "institutional" : big ? "personal" : "none");
        buf += std::string(R"(","avatar":)") + (avatar ? "true" : "false");
        Ip ip = adv ? adv->ip : Ip::kRandom;
        if (ip == Ip::kNone || (ip == Ip::kRandom && omit_ip(no))) {
          buf += "}\n";
        } else if (ip == Ip::kPrefix) {
          uint32_t p = adv->ip_prefix;
          buf += R"(,"signup_ip":")" + std::to_string(p >> 16) + "." + std::to_string((p >> 8) & 255) +
                 "." + std::to_string(p & 255) + "." + std::to_string(1 + (hi >> 24) % 254) + "\"}\n";
        } else {
          buf += R"(,"signup_ip":")" + std::to_string(1 + (hi >> 24) % 223) + "." +
                 std::to_string((hi >> 32) % 256) + "." + std::to_string((hi >> 40) % 256) + "." +
                 std::to_string((hi >> 48) % 256) + "\"}\n";
        }
        ++report.accounts;
        break;
      }
      case kFollowEv:
        buf += R"({"type":"follow","from":"a)" + std::to_string(e.a) + R"(","to":"a)" +
               std::to_string(e.b) + R"(","at":)" + std::to_string(e.at) + "}\n";
        ++report.follows;
        break;
      case kPostEv: {
        const PostRec& p = posts[e.c];
        buf += R"({"type":"post","id":"p)" + std::to_string(post_no(e.c)) + R"(","author":"a)" +
               std::to_string(account_no(p.author)) + R"(","text":)";
        AppendJsonString(p.group ? spam_text(p, e.c) : post_text(p, e.c), &buf);
        static constexpr const char* kVis[] = {"public", "fans", "friends", "only_me"};
        buf += R"(,"at":)" + std::to_string(e.at) + R"(,"visibility":")" + kVis[p.visibility] + "\"}\n";
        ++report.posts;
        break;
      }
      case kForwardEv: {
        const ForwardRec& f = forwards[e.c];
        double r = static_cast<double>(h % 1000) / 1000.0;
        std::string text = f.group ? ArmyText(w.groups[f.group - 1], h >> 10)
                           : r < 0.4 ? ""
                                     : Pick(kForwardComments, h >> 10);
        buf += R"({"type":"forward","id":"f)" + std::to_string(fwd_no(e.c)) + R"(","author":"a)" +
               std::to_string(account_no(f.author)) + R"(","parent":")" + ref_id(f.parent) + R"(","text":)";
        AppendJsonString(text, &buf);
        buf += R"(,"at":)" + std::to_string(e.at) + "}\n";
        ++report.forwards;
        break;
      }
      case kCommentEv: {
        const CommentRec& c = comments[e.c];
        buf += R"({"type":"comment","id":"c)" + std::to_string(comment_no(e.c)) + R"(","author":"a)" +
               std::to_string(account_no(c.author)) + R"(","post":")" + ref_id(c.target) + "\"";
        if (c.reply_to >= 0) {
          buf += R"(,"reply_to":"c)" + std::to_string(comment_no(static_cast<uint64_t>(c.reply_to))) + "\"";
        }
        buf += R"(,"text":)";
        AppendJsonString(c.group ? ArmyText(w.groups[c.group - 1], h >> 10) : Pick(kComments, h >> 10), &buf);
        buf += R"(,"at":)" + std::to_string(e.at) + "}\n";
        ++report.comments;
        break;
      }
      case kLikeEv:
        buf += R"({"type":"like","author":"a)" + std::to_string(e.a) + R"(","post":"p)" +
               std::to_string(post_no(e.c)) + R"(","at":)" + std::to_string(e.at) + "}\n";
        ++report.likes;
        break;
    }
    flush(false);
  }
  flush(true);
  if (!out) return Unavailable("write failed");

  for (const Group& g : w.groups) {
    auto size = static_cast<int64_t>(g.members.size());
    switch (g.label) {
      case Label::kZombie: report.zombies += size, ++report.farms; break;
      case Label::kWaterArmy: report.water_army += size, ++report.crews; break;
      case Label::kSpamBot: report.spam_bots += size, ++report.spam_operators; break;
    }
  }
  if (labels) {
    std::string text =
        "// Ground truth for `clearwater gen --accounts " + std::to_string(o.accounts) + " --seed " +
        std::to_string(o.seed) + " --zombies " + std::to_string(o.zombies) + " --water-army " +
        std::to_string(o.water_army) + " --spam-bots " + std::to_string(o.spam_bots) + "`.\n"
        "// One label line per adversary account; organic accounts are not listed (an account\n"
        "// without a line is organic, customers included). group: farmK is one zombie farm, crewK\n"
        "// one water-army crew, spamK the bots of one spam operator. Each \"// group\" line below\n"
        "// describes one group as JSON: for a farm, targets are the customer accounts it sells fans\n"
        "// to; for a crew, targets are the posts it works and customers the accounts that wrote\n"
        "// them (empty for a topic crew).\n";
    for (const Group& g : w.groups) {
      static constexpr const char* kKind[] = {"zombie_farm", "water_army", "spam_bots"};
      text += std::string(R"(// group {"group":")") + g.Id() + R"(","kind":")" +
              kKind[static_cast<int>(g.label)] + R"(","members":)" + std::to_string(g.members.size());
      auto accounts = [&](const std::vector<uint32_t>& v) {
        std::vector<uint32_t> nos;
        for (uint32_t i : v) nos.push_back(account_no(i));
        std::sort(nos.begin(), nos.end());
        std::string s = "[";
        for (uint32_t no : nos) s += (s.size() > 1 ? ",\"a" : "\"a") + std::to_string(no) + "\"";
        return s + "]";
      };
      if (g.label == Label::kZombie) text += R"(,"targets":)" + accounts(g.customers);
      if (g.label == Label::kWaterArmy) {
        text += R"(,"targets":[)";
        for (size_t k = 0; k < g.target_posts.size(); ++k) {
          text += (k ? ",\"p" : "\"p") + std::to_string(post_no(g.target_posts[k])) + "\"";
        }
        text += R"(],"customers":)" + accounts(g.customers);
      }
      text += "," + g.params + "}\n";
    }
    for (const Group& g : w.groups) {
      std::vector<uint32_t> nos;
      for (uint32_t i : g.members) nos.push_back(account_no(i));
      std::sort(nos.begin(), nos.end());
      for (uint32_t no : nos) {
        text += R"({"type":"label","account":"a)" + std::to_string(no) + R"(","label":")" +
                LabelName(g.label) + R"(","group":")" + g.Id() + "\"}\n";
      }
    }
    labels->write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!*labels) return Unavailable("writing the labels failed");
  }
  return report;
}

}  // namespace cw::world
