// The design is simple: draw every account's traits (community, popularity, activity), then the
// follow graph, then posts, cascades, comments and likes as compact events with times; sort the
// events by time; write them, making each line's text from a hash of the seed and the event so no
// strings are held in memory. Dependencies always get a later time than what they refer to, so
// the time order is also a valid reference order.
#include "world/generator.h"

#include <algorithm>
#include <cmath>
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

// --- the world in compact form --------------------------------------------------------------

enum EventType : uint8_t { kAccountEv, kFollowEv, kPostEv, kForwardEv, kCommentEv, kLikeEv };

struct Event {
  int64_t at;
  uint32_t seq;
  EventType type;
  uint32_t a;  // account (or follower)
  uint32_t b;  // followee
  uint64_t c;  // post / forward / comment index, like target
};

// A reference to a post or a forward: the top bit says which.
constexpr uint64_t kForwardBit = 1ULL << 63;

struct PostRec {
  uint32_t author;
  int64_t at;
  uint8_t visibility;  // 0 public, 1 fans, 2 friends, 3 only_me
};
struct ForwardRec {
  uint32_t author;
  uint64_t parent;
  int64_t at;
};
struct CommentRec {
  uint32_t author;
  uint64_t target;
  int64_t reply_to;  // comment index or -1
  int64_t at;
};

}  // namespace

std::string GeneratorReport::Summary() const {
  return "accounts " + std::to_string(accounts) + ", follows " + std::to_string(follows) +
         ", posts " + std::to_string(posts) + ", forwards " + std::to_string(forwards) +
         ", comments " + std::to_string(comments) + ", likes " + std::to_string(likes) +
         "; largest fan count " + std::to_string(max_fans) + ", accounts over 100k fans " +
         std::to_string(accounts_over_100k_fans);
}

Result<GeneratorReport> GenerateWorld(const GeneratorOptions& o, std::ostream& out) {
  if (o.accounts < 2 || o.accounts > 20'000'000) {
    return InvalidArgument("accounts must be between 2 and 20,000,000");
  }
  const uint32_t n = static_cast<uint32_t>(o.accounts);
  Rng rng(o.seed);
  GeneratorReport report;

  // Accounts: join time grows with the index; popularity is power-law; communities.
  const uint32_t communities = std::clamp<uint32_t>(n / 2000, 4, 500);
  std::vector<int64_t> created(n);
  std::vector<double> weight(n), activity(n);
  std::vector<uint32_t> community(n);
  for (uint32_t i = 0; i < n; ++i) {
    created[i] = kStart + static_cast<int64_t>(static_cast<double>(i) / n * kJoinSpan) +
                 static_cast<int64_t>(rng.Below(3'600'000));
    weight[i] = std::pow(1.0 - rng.Uniform(), -1.0 / 1.1);  // Pareto, tail exponent 2.1
    activity[i] = std::min(50.0, 0.35 * std::pow(1.0 - rng.Uniform(), -1.0 / 1.6));
    community[i] = static_cast<uint32_t>(rng.Below(communities));
  }
  // Cumulative weights, globally and per community, for popularity-biased choice.
  std::vector<double> cum(n);
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
  std::vector<uint32_t> fan_start(n + 1, 0), fans(edges.size());
  for (const auto& [from, to] : edges) ++fan_start[to + 1];
  std::partial_sum(fan_start.begin(), fan_start.end(), fan_start.begin());
  {
    std::vector<uint32_t> fill(fan_start.begin(), fan_start.end() - 1);
    for (const auto& [from, to] : edges) fans[fill[to]++] = from;
  }
  auto fan_count = [&](uint32_t a) { return fan_start[a + 1] - fan_start[a]; };
  auto random_fan = [&](uint32_t a) { return fans[fan_start[a] + rng.Below(fan_count(a))]; };
  for (uint32_t a = 0; a < n; ++a) {
    report.max_fans = std::max<int64_t>(report.max_fans, fan_count(a));
    if (fan_count(a) >= 100'000) ++report.accounts_over_100k_fans;
  }

  std::vector<Event> events;
  events.reserve(edges.size() + n * 8);
  auto emit = [&](int64_t at, EventType t, uint32_t a, uint32_t b, uint64_t c) {
    events.push_back(Event{at, static_cast<uint32_t>(events.size()), t, a, b, c});
  };
  for (uint32_t i = 0; i < n; ++i) emit(created[i], kAccountEv, i, 0, 0);
  for (const auto& [from, to] : edges) {
    int64_t at = std::max(created[from], created[to]) + 1 +
                 static_cast<int64_t>(rng.Exponential(15.0 * kDay));
    emit(std::min(at, kEnd - 1), kFollowEv, from, to, 0);
  }
  edges.clear();
  edges.shrink_to_fit();

  // Posts, and what grows from each: a forward cascade, comments, likes.
  std::vector<PostRec> posts;
  std::vector<ForwardRec> forwards;
  std::vector<CommentRec> comments;
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
      posts.push_back(PostRec{i, at, visibility});
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
          forwards.push_back(ForwardRec{who, s.ref, when});
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
        comments.push_back(CommentRec{who, post_index, reply_to, when});
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
    uint64_t h = Mix(o.seed, i);
    return std::string(Pick(kSyllables, h)) + Pick(kSyllables, h >> 8) + "_" + std::to_string(i);
  };
  auto ref_id = [](uint64_t ref) {
    return (ref & kForwardBit ? "f" : "p") + std::to_string(ref & ~kForwardBit);
  };
  auto topic_of = [&](uint32_t author, uint64_t h) -> const Topic& {
    // A community talks mostly about its own two topics, sometimes about anything.
    size_t t = (h % 5 == 0) ? (h >> 8) % kTopicCount
                            : (community[author] * 2 + ((h >> 16) & 1)) % kTopicCount;
    return kTopics[t];
  };
  auto post_text = [&](const PostRec& p, uint64_t index) {
    uint64_t h = Mix(o.seed ^ 0x5EED, index);
    const Topic& t = topic_of(p.author, h);
    std::string text;
    bool english = (Mix(o.seed, p.author) % 4 == 0) != (h % 7 == 0);
    if (english) {
      text = std::string(Pick(kEnPhrases, h >> 4)) + " #" + t.en;
    } else {
      text = "#" + std::string(t.zh) + "# " + Pick(kZhPhrases, h >> 4);
    }
    if (h % 11 == 0 && p.author > 0) text += " @" + handle(static_cast<uint32_t>((h >> 20) % p.author));
    return text;
  };

  for (const Event& e : events) {
    uint64_t h = Mix(o.seed ^ 0xE7E47, e.seq);
    switch (e.type) {
      case kAccountEv: {
        uint32_t i = e.a;
        uint64_t hi = Mix(o.seed, i);
        bool english = hi % 4 == 0;
        std::string name = english ? std::string(Pick(kEnNames, hi >> 8)) + " " + Pick(kSyllables, hi >> 16)
                                   : std::string(Pick(kSurnames, hi >> 8)) + Pick(kGiven, hi >> 16);
        const Topic& t = kTopics[(community[i] * 2) % kTopicCount];
        std::string bio = hi % 3 == 0 ? "" : english ? std::string("Into ") + t.en + "."
                                                     : std::string("喜欢") + t.zh + "。";
        bool big = fan_count(i) >= 10'000;
        bool brand = big && hi % 5 == 0;
        buf += R"({"type":"account","id":"a)" + std::to_string(i) + R"(","handle":)";
        AppendJsonString(handle(i), &buf);
        buf += R"(,"name":)";
        AppendJsonString(brand ? name + "官方" : name, &buf);
        buf += R"(,"bio":)";
        AppendJsonString(bio, &buf);
        buf += R"(,"created_at":)" + std::to_string(created[i]);
        buf += std::string(R"(,"kind":")") + (brand ? "enterprise" : "personal");
        buf += std::string(R"(","verified":")") + (brand ? "institutional" : big ? "personal" : "none");
        buf += std::string(R"(","avatar":)") + (hi % 5 != 0 ? "true" : "false");
        buf += R"(,"signup_ip":")" + std::to_string(1 + (hi >> 24) % 223) + "." +
               std::to_string((hi >> 32) % 256) + "." + std::to_string((hi >> 40) % 256) + "." +
               std::to_string((hi >> 48) % 256) + "\"}\n";
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
        buf += R"({"type":"post","id":"p)" + std::to_string(e.c) + R"(","author":"a)" +
               std::to_string(p.author) + R"(","text":)";
        AppendJsonString(post_text(p, e.c), &buf);
        static constexpr const char* kVis[] = {"public", "fans", "friends", "only_me"};
        buf += R"(,"at":)" + std::to_string(e.at) + R"(,"visibility":")" + kVis[p.visibility] + "\"}\n";
        ++report.posts;
        break;
      }
      case kForwardEv: {
        const ForwardRec& f = forwards[e.c];
        double r = static_cast<double>(h % 1000) / 1000.0;
        std::string text = r < 0.4 ? "" : Pick(kForwardComments, h >> 10);
        buf += R"({"type":"forward","id":"f)" + std::to_string(e.c) + R"(","author":"a)" +
               std::to_string(f.author) + R"(","parent":")" + ref_id(f.parent) + R"(","text":)";
        AppendJsonString(text, &buf);
        buf += R"(,"at":)" + std::to_string(e.at) + "}\n";
        ++report.forwards;
        break;
      }
      case kCommentEv: {
        const CommentRec& c = comments[e.c];
        buf += R"({"type":"comment","id":"c)" + std::to_string(e.c) + R"(","author":"a)" +
               std::to_string(c.author) + R"(","post":")" + ref_id(c.target) + "\"";
        if (c.reply_to >= 0) buf += R"(,"reply_to":"c)" + std::to_string(c.reply_to) + "\"";
        buf += R"(,"text":)";
        AppendJsonString(Pick(kComments, h >> 10), &buf);
        buf += R"(,"at":)" + std::to_string(e.at) + "}\n";
        ++report.comments;
        break;
      }
      case kLikeEv:
        buf += R"({"type":"like","author":"a)" + std::to_string(e.a) + R"(","post":"p)" +
               std::to_string(e.c) + R"(","at":)" + std::to_string(e.at) + "}\n";
        ++report.likes;
        break;
    }
    flush(false);
  }
  flush(true);
  if (!out) return Unavailable("write failed");
  return report;
}

}  // namespace cw::world
