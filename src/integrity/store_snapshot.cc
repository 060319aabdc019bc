#include "integrity/store_snapshot.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <unordered_map>

namespace cw::integrity {
namespace {

Index Lookup(const std::unordered_map<Id, Index>& index, Id id) {
  auto it = index.find(id);
  return it == index.end() ? kNone : it->second;
}

// Imports may give ids that are not in time order; the detectors want posts in time order.
void SortPostsByTime(Snapshot& s) {
  bool sorted = std::is_sorted(s.posts.begin(), s.posts.end(),
                               [](const PostFacts& a, const PostFacts& b) { return a.at < b.at; });
  if (sorted) return;
  std::vector<Index> order(s.posts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](Index a, Index b) { return s.posts[a].at < s.posts[b].at; });
  std::vector<Index> new_index(order.size());
  for (Index i = 0; i < order.size(); ++i) new_index[order[i]] = i;
  std::vector<PostFacts> posts;
  posts.reserve(order.size());
  for (Index old : order) {
    PostFacts p = std::move(s.posts[old]);
    if (p.parent != kNone) p.parent = new_index[p.parent];
    if (p.root != kNone) p.root = new_index[p.root];
    posts.push_back(std::move(p));
  }
  s.posts = std::move(posts);
  for (auto& c : s.comments) c.post = new_index[c.post];
  for (auto& l : s.likes) l.post = new_index[l.post];
}

}  // namespace

Result<LoadedSnapshot> LoadSnapshot(Store& store, TimeMs now) {
  IntegrityStore* integrity = store.integrity();
  if (!integrity) return Unavailable("this store has no integrity data");
  auto start = std::chrono::steady_clock::now();
  LoadedSnapshot out;
  Snapshot& s = out.snapshot;
  s.taken_at = now;
  std::unordered_map<Id, Index> account_index, post_index;
  std::vector<std::pair<Index, Index>> follows;
  // Forwards whose parent comes later in id order (imports) are resolved after the read.
  std::vector<std::pair<Index, std::pair<Id, Id>>> pending_parents;

  IntegrityStore::ScanVisitor v;
  v.account = [&](const Account& a) {
    AccountFacts f;
    f.id = a.id;
    f.external_id = a.external_id;
    f.handle = a.handle;
    f.created_at = a.created_at;
    f.has_avatar = a.has_avatar;
    f.has_name = !a.display_name.empty() && a.display_name != a.handle;
    f.has_bio = !a.bio.empty();
    f.verified = a.verification != Verification::kNone;
    f.enterprise = a.kind == AccountKind::kEnterprise;
    f.signup_ip = a.signup_ip;
    account_index.emplace(a.id, static_cast<Index>(s.accounts.size()));
    s.accounts.push_back(std::move(f));
    out.states.push_back(a.state);
    out.credible.push_back(a.credible);
  };
  v.follow = [&](Id follower, Id followee) {
    Index a = Lookup(account_index, follower), b = Lookup(account_index, followee);
    if (a != kNone && b != kNone) follows.emplace_back(a, b);
  };
  v.post = [&](const Post& p) {
    Index author = Lookup(account_index, p.author_id);
    if (author == kNone) return;
    PostFacts f;
    f.id = p.id;
    f.external_id = p.external_id;
    f.author = author;
    f.at = p.created_at;
    f.text = p.text;
    auto index = static_cast<Index>(s.posts.size());
    if (p.parent_id) pending_parents.push_back({index, {p.parent_id, p.root_id}});
    post_index.emplace(p.id, index);
    s.posts.push_back(std::move(f));
  };
  v.comment = [&](const Comment& m) {
    Index author = Lookup(account_index, m.author_id), post = Lookup(post_index, m.post_id);
    if (author == kNone || post == kNone) return;
    s.comments.push_back({m.id, author, post, m.created_at, m.text});
  };
  v.like = [&](Id account, Id post_id, TimeMs at) {
    Index author = Lookup(account_index, account), post = Lookup(post_index, post_id);
    if (author == kNone || post == kNone) return;
    s.likes.push_back({author, post, at});
  };
  CW_RETURN_IF_ERROR(integrity->ReadForScan(v));

  for (const auto& [index, ids] : pending_parents) {
    Index parent = Lookup(post_index, ids.first), root = Lookup(post_index, ids.second);
    // A forward of a deleted post hangs from its root when the root is still there.
    if (parent == kNone) parent = root;
    if (root == kNone) root = parent;
    s.posts[index].parent = parent;
    s.posts[index].root = root;
  }
  SortPostsByTime(s);
  std::sort(s.likes.begin(), s.likes.end(),
            [](const LikeFacts& a, const LikeFacts& b) { return a.at < b.at; });
  s.following = BuildCsr(s.accounts.size(), std::move(follows));
  s.BuildFans();
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace cw::integrity
