#include "analytics/store_graph.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <unordered_map>

#include "analytics/influence.h"
#include "common/text/entities.h"
#include "search/tokenizer.h"

namespace cw::analytics {
namespace {

// Accounts arrive in id order, so a sorted vector and a binary search number them; follows
// come grouped by follower, so the last answer is kept.
class AccountIndex {
 public:
  explicit AccountIndex(const std::vector<Id>& ids) : ids_(ids) {}
  Index Find(Id id) {
    if (last_ < ids_.size() && ids_[last_] == id) return last_;
    auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) return kNoIndex;
    last_ = static_cast<Index>(it - ids_.begin());
    return last_;
  }

 private:
  const std::vector<Id>& ids_;
  Index last_ = kNoIndex;
};

// What a post leaves behind while reading: enough to resolve forwards afterwards.
struct PostRow {
  Id id = 0;
  Id parent_id = 0;  // 0: an original
  Id root_id = 0;
  Index author = kNoIndex;
  TimeMs at = 0;
  uint32_t topic_begin = 0, topic_end = 0;  // into `post_topics` (originals only)
};

}  // namespace

Result<LoadedGraph> LoadSocialGraph(Store& store) {
  IntegrityStore* integrity = store.integrity();
  if (!integrity) return Unavailable("this store has no integrity data");
  auto start = std::chrono::steady_clock::now();
  LoadedGraph out;
  SocialGraph& g = out.graph;

  // Pass one: accounts, follows as (followee, fan) pairs, posts reduced to PostRow.
  std::vector<std::pair<Index, Index>> follows;
  std::vector<PostRow> posts;  // in id order (the read's order)
  std::vector<uint32_t> post_topics;  // indexes into `topic_names`
  std::unordered_map<std::string, uint32_t> topic_ids;
  std::vector<std::string> topic_names;
  bool ids_sorted = true;
  std::unique_ptr<AccountIndex> index;

  IntegrityStore::ScanVisitor v;
  v.account = [&](const Account& a) {
    if (!g.account_ids.empty() && a.id <= g.account_ids.back()) ids_sorted = false;
    g.account_ids.push_back(a.id);
    const bool hidden = a.state == AccountState::kSuspended || a.state == AccountState::kPending;
    g.credible.push_back(a.credible && !hidden ? 1 : 0);
    g.eligible.push_back(a.credible && a.state == AccountState::kActive ? 1 : 0);
    g.hidden.push_back(hidden ? 1 : 0);
  };
  v.follow = [&](Id follower, Id followee) {
    if (!index) index = std::make_unique<AccountIndex>(g.account_ids);
    Index fan = index->Find(follower), star = index->Find(followee);
    if (fan != kNoIndex && star != kNoIndex && fan != star) follows.emplace_back(star, fan);
  };
  v.post = [&](const Post& p) {
    if (!index) index = std::make_unique<AccountIndex>(g.account_ids);
    PostRow row{p.id, p.parent_id, p.root_id, index->Find(p.author_id), p.created_at, 0, 0};
    if (row.author == kNoIndex) return;
    row.topic_begin = row.topic_end = static_cast<uint32_t>(post_topics.size());
    if (!p.parent_id && p.text.find('#') != std::string::npos) {
      for (const text::Entity& e : text::ExtractEntities(p.text)) {
        if (e.kind != text::Entity::Kind::kTopic) continue;
        std::string term = search::TopicTerm(e.value);
        if (term.empty()) continue;
        auto [it, added] = topic_ids.emplace(std::move(term), topic_names.size());
        if (added) topic_names.push_back(it->first);
        if (std::find(post_topics.begin() + row.topic_begin, post_topics.end(), it->second) ==
            post_topics.end()) {
          post_topics.push_back(it->second);
        }
      }
      row.topic_end = static_cast<uint32_t>(post_topics.size());
    }
    posts.push_back(row);
  };
  CW_RETURN_IF_ERROR(integrity->ReadForScan(v));
  if (!ids_sorted) return Internal("the store read accounts out of id order");
  out.posts_read = posts.size();
  const size_t n = g.account_ids.size();

  // Fans: CSR by followee, each fan list sorted (binary-searchable).
  g.fans.assign(n, 0);
  g.fan_offset.assign(n + 1, 0);
  for (const auto& [star, fan] : follows) ++g.fan_offset[star + 1];
  for (size_t i = 0; i < n; ++i) {
    g.fans[i] = static_cast<int64_t>(g.fan_offset[i + 1]);
    g.fan_offset[i + 1] += g.fan_offset[i];
  }
  g.fan_index.resize(follows.size());
  {
    std::vector<uint64_t> next(g.fan_offset.begin(), g.fan_offset.end() - 1);
    for (const auto& [star, fan] : follows) g.fan_index[next[star]++] = fan;
  }
  follows.clear();
  follows.shrink_to_fit();
  for (size_t i = 0; i < n; ++i) {
    std::sort(g.fan_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[i]),
              g.fan_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[i + 1]));
  }

  // Topics sorted by term; remap the post topics.
  std::vector<uint32_t> topic_order(topic_names.size());
  std::iota(topic_order.begin(), topic_order.end(), 0);
  std::sort(topic_order.begin(), topic_order.end(),
            [&](uint32_t a, uint32_t b) { return topic_names[a] < topic_names[b]; });
  std::vector<uint32_t> topic_rank(topic_names.size());
  for (uint32_t r = 0; r < topic_order.size(); ++r) topic_rank[topic_order[r]] = r;
  g.topics.reserve(topic_names.size());
  for (uint32_t t : topic_order) g.topics.push_back(std::move(topic_names[t]));
  for (uint32_t& t : post_topics) t = topic_rank[t];

  // Posts: ids are sorted (the read is in id order), so parents and roots are found by binary
  // search, wherever they came in the read. Roots: originals with a topic or a forward.
  auto find_post = [&](Id id) -> const PostRow* {
    auto it = std::lower_bound(posts.begin(), posts.end(), id,
                               [](const PostRow& r, Id x) { return r.id < x; });
    return it == posts.end() || it->id != id ? nullptr : &*it;
  };
  g.originals.assign(n, 0);
  std::vector<uint32_t> root_of(posts.size(), UINT32_MAX);  // per original: its RootPost
  std::vector<uint8_t> forwarded(posts.size(), 0);
  for (const PostRow& p : posts) {
    if (p.parent_id) {
      if (const PostRow* root = find_post(p.root_id); root && !root->parent_id) {
        forwarded[static_cast<size_t>(root - posts.data())] = 1;
      }
    } else {
      ++g.originals[p.author];
    }
  }
  for (size_t i = 0; i < posts.size(); ++i) {
    const PostRow& p = posts[i];
    if (p.parent_id || (!forwarded[i] && p.topic_begin == p.topic_end)) continue;
    root_of[i] = static_cast<uint32_t>(g.roots.size());
    RootPost r{p.id, p.author, p.at, static_cast<uint32_t>(g.root_topics.size()), 0};
    g.root_topics.insert(g.root_topics.end(), post_topics.begin() + p.topic_begin,
                         post_topics.begin() + p.topic_end);
    r.topic_end = static_cast<uint32_t>(g.root_topics.size());
    g.roots.push_back(r);
  }
  for (const PostRow& p : posts) {
    if (!p.parent_id) continue;
    const PostRow* root = find_post(p.root_id);
    if (!root || root->parent_id) continue;  // the root was deleted
    const PostRow* parent = find_post(p.parent_id);
    if (!parent) parent = root;  // a deleted forward in the chain: count it from the root
    if (parent->author == p.author) continue;  // forwarding oneself moves nothing
    g.forwards.push_back({p.author, parent->author,
                          root_of[static_cast<size_t>(root - posts.data())], p.at});
  }
  std::stable_sort(g.forwards.begin(), g.forwards.end(),
                   [](const ForwardEvent& a, const ForwardEvent& b) { return a.at < b.at; });
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::optional<uint32_t> FindTopic(const SocialGraph& graph, std::string_view name) {
  std::string term = search::TopicTerm(name);
  if (term.empty()) return std::nullopt;
  return FindTopicTerm(graph, term);
}

}  // namespace cw::analytics
