// The design is simple, in four passes:
//  1. Every forward, comment and like becomes an action (account, target original, time), one per
//     account and target (the earliest). Accounts acting on fewer than n targets cannot be in a
//     group and are dropped: this removes the crowds of one-off forwarders of viral posts.
//  2. Per account, co-actors on each of its targets within Δt are counted (at most
//     max_neighbours nearest in time per action, so a viral post costs O(actions × K)); pairs
//     sharing at least n targets become edges. Two threads split the accounts.
//  3. Connected components of those edges with at least m accounts are candidate groups.
//  4. Each candidate is refined CopyCatch-style: a target is kept when enough of the group acted
//     on it inside one window of Δt; members are kept when they were inside on at least n kept
//     targets; repeat until stable. Text evidence comes last.
#include "integrity/lockstep.h"

#include <algorithm>
#include <cmath>
#include <thread>
#include <unordered_map>

namespace cw::integrity {
namespace {

struct Action {
  Index account;
  Index target;
  TimeMs at;
  const std::string* text;  // nullptr for likes and forwards without words
};

Index TargetOf(const Snapshot& s, Index post) {
  if (post == kNone || post >= s.posts.size()) return kNone;
  const PostFacts& p = s.posts[post];
  if (!p.IsForward()) return post;
  return p.root != kNone ? p.root : p.parent;
}

// Pass 1: deduplicated actions sorted by (account, target).
std::vector<Action> CollectActions(const Snapshot& s, const LockstepOptions& options) {
  std::vector<Action> actions;
  for (const PostFacts& p : s.posts) {
    if (!p.IsForward() || p.author == kNone) continue;
    Index target = p.root != kNone ? p.root : p.parent;
    actions.push_back({p.author, target, p.at, p.text.empty() ? nullptr : &p.text});
  }
  for (const CommentFacts& c : s.comments) {
    Index target = TargetOf(s, c.post);
    if (target != kNone && c.author != kNone) actions.push_back({c.author, target, c.at, &c.text});
  }
  if (options.include_likes) {
    for (const LikeFacts& l : s.likes) {
      Index target = TargetOf(s, l.post);
      if (target != kNone && l.author != kNone) actions.push_back({l.author, target, l.at, nullptr});
    }
  }
  std::sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) {
    if (a.account != b.account) return a.account < b.account;
    if (a.target != b.target) return a.target < b.target;
    return a.at < b.at;
  });
  // Keep the earliest action per (account, target), with the first words written on it.
  std::vector<Action> out;
  for (size_t i = 0; i < actions.size();) {
    size_t j = i;
    Action first = actions[i];
    for (; j < actions.size() && actions[j].account == first.account &&
           actions[j].target == first.target;
         ++j) {
      if (!first.text && actions[j].text) first.text = actions[j].text;
    }
    out.push_back(first);
    i = j;
  }
  return out;
}

// Drops the actions of accounts with fewer than `min_targets` distinct targets.
void KeepActiveAccounts(std::vector<Action>* actions, uint32_t min_targets) {
  std::vector<Action> kept;
  for (size_t i = 0; i < actions->size();) {
    size_t j = i;
    while (j < actions->size() && (*actions)[j].account == (*actions)[i].account) ++j;
    if (j - i >= min_targets) kept.insert(kept.end(), actions->begin() + i, actions->begin() + j);
    i = j;
  }
  *actions = std::move(kept);
}

struct TimedAccount {
  TimeMs at;
  Index account;
  bool operator<(const TimedAccount& o) const { return at < o.at || (at == o.at && account < o.account); }
};

// Per target, its actors in time order.
struct TargetLists {
  std::vector<uint64_t> offsets;
  std::vector<TimedAccount> entries;
};

TargetLists ByTarget(const std::vector<Action>& actions, size_t posts) {
  TargetLists t;
  t.offsets.assign(posts + 1, 0);
  for (const Action& a : actions) ++t.offsets[a.target + 1];
  for (size_t p = 0; p < posts; ++p) t.offsets[p + 1] += t.offsets[p];
  t.entries.resize(actions.size());
  std::vector<uint64_t> next(t.offsets.begin(), t.offsets.end() - 1);
  for (const Action& a : actions) t.entries[next[a.target]++] = {a.at, a.account};
  for (size_t p = 0; p < posts; ++p) {
    std::sort(t.entries.begin() + t.offsets[p], t.entries.begin() + t.offsets[p + 1]);
  }
  return t;
}

struct PairEdge {
  Index a;
  Index b;
};

// Pass 2 for the accounts whose actions are actions[begin, end) (whole accounts).
std::vector<PairEdge> CountCoActors(const std::vector<Action>& actions, size_t begin, size_t end,
                                    const TargetLists& targets, size_t accounts,
                                    const LockstepOptions& options) {
  std::vector<PairEdge> edges;
  std::vector<uint32_t> shared(accounts, 0);
  std::vector<Index> touched;
  const auto half = static_cast<std::ptrdiff_t>(options.max_neighbours / 2);
  for (size_t i = begin; i < end;) {
    Index self = actions[i].account;
    for (; i < end && actions[i].account == self; ++i) {
      const Action& a = actions[i];
      auto first = targets.entries.begin() + targets.offsets[a.target];
      auto last = targets.entries.begin() + targets.offsets[a.target + 1];
      auto lo = std::lower_bound(first, last, TimedAccount{a.at - options.window_ms, 0});
      auto hi = std::upper_bound(first, last, TimedAccount{a.at + options.window_ms, kNone});
      auto me = std::lower_bound(first, last, TimedAccount{a.at, self});
      lo = std::max(lo, me - std::min(half, me - first));
      hi = std::min(hi, me + std::min(half + 1, last - me));
      for (auto it = lo; it < hi; ++it) {
        if (it->account <= self) continue;
        if (shared[it->account]++ == 0) touched.push_back(it->account);
      }
    }
    for (Index other : touched) {
      if (shared[other] >= options.min_shared_posts) edges.push_back({self, other});
      shared[other] = 0;
    }
    touched.clear();
  }
  return edges;
}

std::vector<PairEdge> CountCoActorsInParallel(const std::vector<Action>& actions,
                                              const TargetLists& targets, size_t accounts,
                                              const LockstepOptions& options) {
  size_t middle = actions.size() / 2;
  while (middle > 0 && middle < actions.size() &&
         actions[middle].account == actions[middle - 1].account) {
    ++middle;
  }
  std::vector<PairEdge> second;
  std::thread other([&] {
    second = CountCoActors(actions, middle, actions.size(), targets, accounts, options);
  });
  std::vector<PairEdge> edges = CountCoActors(actions, 0, middle, targets, accounts, options);
  other.join();
  edges.insert(edges.end(), second.begin(), second.end());
  return edges;
}

Index FindRoot(std::vector<Index>& parent, Index x) {
  while (parent[x] != x) x = parent[x] = parent[parent[x]];
  return x;
}

// Pass 3: components with at least min_members accounts.
std::vector<std::vector<Index>> Components(const std::vector<PairEdge>& edges, size_t accounts,
                                           uint32_t min_members) {
  std::vector<Index> parent(accounts);
  for (size_t i = 0; i < accounts; ++i) parent[i] = static_cast<Index>(i);
  for (const PairEdge& e : edges) parent[FindRoot(parent, e.a)] = FindRoot(parent, e.b);
  std::unordered_map<Index, std::vector<Index>> by_root;
  for (const PairEdge& e : edges) {
    by_root[FindRoot(parent, e.a)].push_back(e.a);
    by_root[FindRoot(parent, e.b)].push_back(e.b);
  }
  std::vector<std::vector<Index>> out;
  for (auto& [root, members] : by_root) {
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    if (members.size() >= min_members) out.push_back(std::move(members));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The window of length Δt holding the most of `times` (sorted): [begin index, end index).
std::pair<size_t, size_t> BusiestWindow(const std::vector<TimedAccount>& times, TimeMs window) {
  std::pair<size_t, size_t> best{0, 0};
  for (size_t lo = 0, hi = 0; lo < times.size(); ++lo) {
    while (hi < times.size() && times[hi].at - times[lo].at <= window) ++hi;
    if (hi - lo > best.second - best.first) best = {lo, hi};
  }
  return best;
}

// The actions of one candidate group, by target.
using GroupActions = std::unordered_map<Index, std::vector<TimedAccount>>;

// Pass 4: CopyCatch-style refinement of one candidate. Returns false if nothing is left.
bool Refine(const GroupActions& by_target, const LockstepOptions& options, LockstepGroup* group) {
  std::vector<Index> members = group->members;
  for (int round = 0; round < 5; ++round) {
    std::vector<uint32_t> posts_of(members.size(), 0);
    auto member_number = [&](Index account) {
      auto it = std::lower_bound(members.begin(), members.end(), account);
      return it != members.end() && *it == account ? it - members.begin() : -1;
    };
    size_t needed = std::max<size_t>(3, static_cast<size_t>(std::ceil(
                                            options.post_member_share * members.size())));
    std::vector<LockstepWindow> windows;
    for (const auto& [target, all] : by_target) {
      std::vector<TimedAccount> times;
      for (const TimedAccount& t : all) {
        if (member_number(t.account) >= 0) times.push_back(t);
      }
      if (times.size() < needed) continue;
      auto [lo, hi] = BusiestWindow(times, options.window_ms);
      if (hi - lo < needed) continue;
      windows.push_back({target, times[lo].at, times[hi - 1].at, static_cast<uint32_t>(hi - lo)});
      for (size_t k = lo; k < hi; ++k) ++posts_of[member_number(times[k].account)];
    }
    std::vector<Index> kept;
    std::vector<uint32_t> kept_posts;
    for (size_t m = 0; m < members.size(); ++m) {
      if (posts_of[m] >= options.min_shared_posts) kept.push_back(members[m]), kept_posts.push_back(posts_of[m]);
    }
    bool stable = kept.size() == members.size();
    members = std::move(kept);
    group->members = members;
    group->member_posts = std::move(kept_posts);
    std::sort(windows.begin(), windows.end(),
              [](const LockstepWindow& a, const LockstepWindow& b) { return a.post < b.post; });
    group->windows = std::move(windows);
    if (stable || members.size() < options.min_members) break;
  }
  group->posts.clear();
  for (const LockstepWindow& w : group->windows) group->posts.push_back(w.post);
  return group->members.size() >= options.min_members &&
         group->posts.size() >= options.min_shared_posts;
}

// Near-duplicate texts among the members' words on the group's targets.
void TextEvidence(const std::vector<Action>& texts, const LockstepOptions& options,
                  LockstepGroup* group) {
  std::vector<std::pair<uint64_t, const Action*>> printed;
  size_t with_text = 0;
  for (const Action& a : texts) {
    if (!a.text) continue;
    ++with_text;
    if (auto f = TextFingerprint(*a.text)) printed.emplace_back(*f, &a);
  }
  NearDuplicateIndex index(options.max_text_distance);
  for (size_t i = 0; i < printed.size(); ++i) index.Add(printed[i].first, static_cast<uint32_t>(i));
  size_t duplicated = 0;
  for (size_t i = 0; i < printed.size(); ++i) {
    bool by_other = false;
    for (uint32_t j : index.Find(printed[i].first)) {
      by_other |= printed[j].second->account != printed[i].second->account;
    }
    if (!by_other) continue;
    ++duplicated;
    if (group->example_texts.size() < 3) group->example_texts.push_back(*printed[i].second->text);
  }
  group->duplicate_text_share = with_text == 0 ? 0 : static_cast<double>(duplicated) / with_text;
}

void Score(const LockstepOptions& options, LockstepGroup* group) {
  std::vector<double> spans;
  for (const LockstepWindow& w : group->windows) {
    spans.push_back(static_cast<double>(w.end - w.begin) / static_cast<double>(options.window_ms));
  }
  std::nth_element(spans.begin(), spans.begin() + spans.size() / 2, spans.end());
  group->tightness = spans.empty() ? 1 : spans[spans.size() / 2];
  double posts = std::min(1.0, group->posts.size() / (2.0 * options.min_shared_posts));
  double members = std::min(1.0, group->members.size() / (2.0 * options.min_members));
  group->score = std::min(1.0, 0.5 + 0.2 * posts + 0.1 * members +
                                   0.1 * (1 - group->tightness) +
                                   0.2 * group->duplicate_text_share);
}

}  // namespace

std::vector<LockstepGroup> DetectLockstep(const Snapshot& snapshot,
                                          const LockstepOptions& options) {
  std::vector<Action> actions = CollectActions(snapshot, options);
  KeepActiveAccounts(&actions, options.min_shared_posts);
  TargetLists targets = ByTarget(actions, snapshot.posts.size());
  std::vector<PairEdge> edges =
      CountCoActorsInParallel(actions, targets, snapshot.accounts.size(), options);
  std::vector<LockstepGroup> groups;
  for (std::vector<Index>& members : Components(edges, snapshot.accounts.size(),
                                                options.min_members)) {
    GroupActions by_target;
    for (Index m : members) {
      auto range = std::equal_range(actions.begin(), actions.end(), Action{m, 0, 0, nullptr},
                                    [](const Action& a, const Action& b) { return a.account < b.account; });
      for (auto it = range.first; it != range.second; ++it) by_target[it->target].push_back({it->at, m});
    }
    for (auto& [target, times] : by_target) std::sort(times.begin(), times.end());
    LockstepGroup group;
    group.members = std::move(members);
    if (!Refine(by_target, options, &group)) continue;
    std::vector<Action> texts;
    for (Index m : group.members) {
      auto range = std::equal_range(actions.begin(), actions.end(), Action{m, 0, 0, nullptr},
                                    [](const Action& a, const Action& b) { return a.account < b.account; });
      for (auto it = range.first; it != range.second; ++it) {
        if (std::binary_search(group.posts.begin(), group.posts.end(), it->target)) texts.push_back(*it);
      }
    }
    TextEvidence(texts, options, &group);
    Score(options, &group);
    groups.push_back(std::move(group));
  }
  std::sort(groups.begin(), groups.end(),
            [](const LockstepGroup& a, const LockstepGroup& b) { return a.score > b.score; });
  return groups;
}

}  // namespace cw::integrity
