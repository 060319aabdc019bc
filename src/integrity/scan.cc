// The design is simple: FRAUDAR runs on one thread while lockstep detection and the spam replay
// run on the other (each of those splits its own hot loop in two when it has the cores). Then
// every account gets three scores. A zombie score needs a dense block: outside one, the
// per-account signals alone stay below the label threshold, because a real new user with an empty
// profile who follows a few popular accounts looks just like a zombie on its own.
#include "integrity/scan.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace cw::integrity {
namespace {

constexpr TimeMs kDayMs = 24 * 3600 * 1000;

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::string Format(const char* format, double a, double b = 0, double c = 0) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

// Posts, forwards and comments per account.
std::vector<uint32_t> ActivityCounts(const Snapshot& s) {
  std::vector<uint32_t> counts(s.accounts.size(), 0);
  for (const PostFacts& p : s.posts) {
    if (p.author != kNone) ++counts[p.author];
  }
  for (const CommentFacts& c : s.comments) {
    if (c.author != kNone) ++counts[c.author];
  }
  return counts;
}

// 1 for accounts created inside a burst (see ScanOptions), else 0.
std::vector<double> CreationBursts(const Snapshot& s, const ScanOptions& options) {
  const size_t n = s.accounts.size();
  std::vector<double> burst(n, 0);
  if (n == 0) return burst;
  std::vector<std::pair<TimeMs, Index>> created;
  for (size_t i = 0; i < n; ++i) created.emplace_back(s.accounts[i].created_at, static_cast<Index>(i));
  std::sort(created.begin(), created.end());
  double span = static_cast<double>(std::max<TimeMs>(created.back().first - created.front().first,
                                                     options.burst_window_ms));
  double average = static_cast<double>(n) * static_cast<double>(options.burst_window_ms) / span;
  double needed = std::max<double>(options.burst_min_accounts, options.burst_ratio * average);
  TimeMs half = options.burst_window_ms / 2;
  for (size_t i = 0, lo = 0, hi = 0; i < n; ++i) {
    while (created[lo].first < created[i].first - half) ++lo;
    while (hi < n && created[hi].first <= created[i].first + half) ++hi;
    if (static_cast<double>(hi - lo) >= needed) burst[created[i].second] = 1;
  }
  return burst;
}

// The /24 of a dotted IPv4 address ("1.2.3.4" -> "1.2.3"), or empty.
std::string Network24(const std::string& ip) {
  size_t last = ip.rfind('.');
  if (last == std::string::npos || std::count(ip.begin(), ip.end(), '.') != 3) return {};
  return ip.substr(0, last);
}

std::vector<double> SharedNetworks(const Snapshot& s, uint32_t min_accounts) {
  std::unordered_map<std::string, uint32_t> per_network;
  for (const AccountFacts& a : s.accounts) {
    std::string net = Network24(a.signup_ip);
    if (!net.empty()) ++per_network[net];
  }
  std::vector<double> shared(s.accounts.size(), 0);
  for (size_t i = 0; i < s.accounts.size(); ++i) {
    std::string net = Network24(s.accounts[i].signup_ip);
    if (!net.empty() && per_network[net] >= min_accounts) shared[i] = 1;
  }
  return shared;
}

size_t RowSize(const Csr& csr, size_t r) { return r < csr.Rows() ? csr.Row(r).size() : 0; }

void AppendEvidence(std::string* evidence, const std::string& part) {
  if (part.empty()) return;
  if (!evidence->empty()) *evidence += "; ";
  *evidence += part;
}

std::string DescribeZombie(const ZombieSignals& z, const FraudarBlock* block) {
  std::string out;
  if (block) {
    out = "fan in a dense follow block of " + std::to_string(block->rows.size()) + " fans x " +
          std::to_string(block->cols.size()) + " followees" +
          Format(" (density %.2f, %.1fx background)", block->density, block->density_ratio);
  }
  if (z.inactive >= 1) AppendEvidence(&out, "no posts");
  if (z.empty_profile > 0.5) AppendEvidence(&out, "incomplete profile");
  if (z.follow_ratio > 0) AppendEvidence(&out, "follows many, few fans");
  if (z.creation_burst > 0) AppendEvidence(&out, "created in a burst of sign-ups");
  if (z.shared_network > 0) AppendEvidence(&out, "sign-up address shared by many accounts");
  return out;
}

ScanGroup FarmGroup(const FraudarBlock& block) {
  ScanGroup g;
  g.kind = "zombie_farm";
  g.members = block.rows;
  g.target_accounts = block.cols;
  g.score = std::min(1.0, 0.5 + block.density_ratio / 10);
  g.density = block.density;
  g.density_ratio = block.density_ratio;
  g.edges = block.edges;
  g.evidence = std::to_string(block.rows.size()) + " accounts densely following the same " +
               std::to_string(block.cols.size()) + " accounts (" + std::to_string(block.edges) +
               " follows" + Format(", density %.2f, %.1fx background)", block.density,
                                   block.density_ratio);
  return g;
}

ScanGroup CrewGroup(const LockstepGroup& crew, TimeMs window_ms) {
  ScanGroup g;
  g.kind = "water_army";
  g.members = crew.members;
  g.target_posts = crew.posts;
  g.score = crew.score;
  g.windows = crew.windows;
  g.duplicate_text_share = crew.duplicate_text_share;
  g.tightness = crew.tightness;
  g.example_texts = crew.example_texts;
  g.evidence = std::to_string(crew.members.size()) + " accounts acting together on " +
               std::to_string(crew.posts.size()) + " posts" +
               Format(" (median window %.0f min, %.0f%% near-duplicate texts)",
                      crew.tightness * static_cast<double>(window_ms) / 60000.0,
                      100 * crew.duplicate_text_share);
  if (!crew.example_texts.empty()) g.evidence += "; e.g. \"" + crew.example_texts[0] + "\"";
  return g;
}


// `following` with the rows of accounts whose signals stay below `threshold` emptied.
Csr SuspiciousRows(const Csr& following, const std::vector<ZombieSignals>& signals,
                   double threshold) {
  Csr out;
  out.offsets.assign(following.Rows() + 1, 0);
  for (size_t r = 0; r < following.Rows(); ++r) {
    auto row = following.Row(r);
    if (signals[r].Combined() >= threshold) {
      out.targets.insert(out.targets.end(), row.begin(), row.end());
    }
    out.offsets[r + 1] = out.targets.size();
  }
  return out;
}

// Adds the blocks of `extra` whose fans are not mostly in a block already found.
void MergeBlocks(FraudarResult extra, FraudarResult* into) {
  std::unordered_set<Index> seen;
  for (const auto& b : into->blocks) seen.insert(b.rows.begin(), b.rows.end());
  for (auto& b : extra.blocks) {
    size_t known = 0;
    for (Index r : b.rows) known += seen.count(r);
    if (known * 2 > b.rows.size()) continue;
    seen.insert(b.rows.begin(), b.rows.end());
    into->blocks.push_back(std::move(b));
  }
}

}  // namespace

double ZombieSignals::Combined() const {
  return std::min(1.0, 0.3 * inactive + 0.25 * empty_profile + 0.2 * follow_ratio +
                           0.15 * creation_burst + 0.1 * young + 0.1 * shared_network);
}

std::vector<ZombieSignals> ComputeZombieSignals(const Snapshot& s, const ScanOptions& options) {
  std::vector<uint32_t> activity = ActivityCounts(s);
  std::vector<double> bursts = CreationBursts(s, options);
  std::vector<double> shared = SharedNetworks(s, options.ip_cluster_min_accounts);
  std::vector<ZombieSignals> out(s.accounts.size());
  for (size_t i = 0; i < s.accounts.size(); ++i) {
    const AccountFacts& a = s.accounts[i];
    ZombieSignals& z = out[i];
    z.inactive = activity[i] == 0 ? 1 : activity[i] < 3 ? 0.6 : activity[i] < 10 ? 0.3 : 0;
    z.empty_profile = (!a.has_avatar + !a.has_name + !a.has_bio) / 3.0;
    if (a.verified) z.empty_profile = 0;
    size_t follows = RowSize(s.following, i);
    size_t fans = RowSize(s.fans, i);
    z.follow_ratio = follows >= 20 && fans * 10 <= follows  ? 1
                     : follows >= 10 && fans * 5 <= follows ? 0.5
                                                            : 0;
    z.creation_burst = bursts[i];
    z.shared_network = shared[i];
    z.young = s.taken_at - a.created_at < 30 * kDayMs ? 1 : 0;
  }
  return out;
}

ScanResult Scan(const Snapshot& snapshot, const ScanOptions& options) {
  ScanResult result;
  const size_t n = snapshot.accounts.size();
  auto total_start = SteadyClock::now();

  auto start = SteadyClock::now();
  std::vector<ZombieSignals> signals = ComputeZombieSignals(snapshot, options);
  result.timings.push_back({"account_signals", SecondsSince(start)});

  FraudarResult fraudar;
  double fraudar_seconds = 0;
  std::thread graph_thread([&] {
    auto graph_start = SteadyClock::now();
    fraudar = DetectDenseBlocks(snapshot.following, n, options.fraudar);
    if (!options.fraudar_only) {
      // The combined detector also peels the graph of suspicious followers only: in a large,
      // well-connected world the organic core is denser than a farm selling a few dozen
      // customers, but it is made of active, complete accounts, which this graph leaves out.
      FraudarResult suspicious = DetectDenseBlocks(
          SuspiciousRows(snapshot.following, signals, options.zombie_prefilter), n,
          options.suspicious_fraudar, &snapshot.fans);
      MergeBlocks(std::move(suspicious), &fraudar);
    }
    fraudar_seconds = SecondsSince(graph_start);
  });
  start = SteadyClock::now();
  std::vector<LockstepGroup> crews = DetectLockstep(snapshot, options.lockstep);
  result.timings.push_back({"lockstep", SecondsSince(start)});
  start = SteadyClock::now();
  std::vector<AccountSpam> spam = ScoreAccountsForSpam(snapshot, options.spam);
  result.timings.push_back({"spam", SecondsSince(start)});
  graph_thread.join();
  result.timings.insert(result.timings.begin(), {"fraudar", fraudar_seconds});

  start = SteadyClock::now();
  std::vector<const FraudarBlock*> block_of(n, nullptr);
  for (const FraudarBlock& block : fraudar.blocks) {
    for (Index r : block.rows) {
      if (!block_of[r]) block_of[r] = &block;
    }
  }
  std::vector<const LockstepGroup*> crew_of(n, nullptr);
  std::vector<double> crew_score(n, 0);
  for (const LockstepGroup& crew : crews) {
    for (size_t k = 0; k < crew.members.size(); ++k) {
      Index m = crew.members[k];
      double participation = static_cast<double>(crew.member_posts[k]) / crew.posts.size();
      double score = crew.score * (0.8 + 0.2 * participation);
      if (score > crew_score[m]) crew_score[m] = score, crew_of[m] = &crew;
    }
  }

  result.accounts.resize(n);
  for (size_t i = 0; i < n; ++i) {
    AccountVerdict& v = result.accounts[i];
    double own = signals[i].Combined();
    if (options.fraudar_only) {
      v.zombie = block_of[i] ? 1 : 0;
    } else {
      v.zombie = block_of[i] ? 0.45 + 0.55 * own : 0.45 * own;
    }
    v.water_army = crew_score[i];
    v.spam_bot = i < spam.size() ? spam[i].score : 0;
    if (v.zombie >= options.label_threshold) {
      v.labels.push_back("zombie");
      AppendEvidence(&v.evidence, "zombie: " + DescribeZombie(signals[i], block_of[i]));
    }
    if (v.water_army >= options.label_threshold) {
      v.labels.push_back("water_army");
      AppendEvidence(&v.evidence, "water army: acted in lockstep with " +
                                      std::to_string(crew_of[i]->members.size() - 1) +
                                      " accounts on " + std::to_string(crew_of[i]->posts.size()) +
                                      " posts");
    }
    // A crew's template comments are near-duplicates too: for a water-army member they are
    // already explained, and only an ad stream well above the line makes it a spam bot as well.
    double spam_line = v.water_army >= options.label_threshold ? options.crew_spam_threshold
                                                              : options.label_threshold;
    if (v.spam_bot >= spam_line) {
      v.labels.push_back("spam_bot");
      AppendEvidence(&v.evidence, "spam: " + std::to_string(spam[i].spam_posts) + " of " +
                                      std::to_string(spam[i].posts) + " posts scored as spam, e.g. " +
                                      spam[i].example);
    }
    v.credibility = 1 - std::max({v.zombie, v.water_army, v.spam_bot});
  }
  for (const FraudarBlock& block : fraudar.blocks) result.groups.push_back(FarmGroup(block));
  for (const LockstepGroup& crew : crews) result.groups.push_back(CrewGroup(crew, options.lockstep.window_ms));
  result.signals = std::move(signals);
  result.timings.push_back({"combine", SecondsSince(start)});
  result.timings.push_back({"total", SecondsSince(total_start)});
  return result;
}

}  // namespace cw::integrity
