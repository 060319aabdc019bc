// A read-only picture of the whole platform for the offline detectors: accounts with their
// profile facts, the follow graph in compressed sparse rows, and every post, forward, comment and
// like with its time. Accounts, posts and comments are numbered densely from 0 (their index);
// the store's ids and external ids stay beside them for reporting. Built by LoadSnapshot (from
// the store) or by hand in tests; the detectors never see the store. Plain data, no I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace cw::integrity {

using Index = uint32_t;
inline constexpr Index kNone = UINT32_MAX;

// Adjacency lists in one array: the neighbours of row r are targets[offsets[r] .. offsets[r+1]).
struct Csr {
  std::vector<uint64_t> offsets{0};  // rows + 1 entries
  std::vector<Index> targets;

  size_t Rows() const { return offsets.size() - 1; }
  size_t Edges() const { return targets.size(); }
  std::span<const Index> Row(size_t r) const {
    return {targets.data() + offsets[r], targets.data() + offsets[r + 1]};
  }
};

// Builds a Csr from (row, target) pairs; rows without pairs get empty lists. Pairs may come in
// any order; each row's targets end sorted and without repeats.
Csr BuildCsr(size_t rows, std::vector<std::pair<Index, Index>> pairs);

struct AccountFacts {
  Id id = 0;
  std::string external_id;  // empty for accounts made through the API
  std::string handle;
  TimeMs created_at = 0;
  bool has_avatar = false;
  bool has_name = false;  // a display name other than the handle
  bool has_bio = false;
  bool verified = false;
  bool enterprise = false;
  std::string signup_ip;  // may be empty (imports from other programs often lack it)
};

struct PostFacts {
  Id id = 0;
  std::string external_id;
  Index author = kNone;
  Index parent = kNone;  // for a forward: the post it forwards (kNone for an original)
  Index root = kNone;    // for a forward: the original at the top of the chain
  TimeMs at = 0;
  std::string text;      // for a forward, the forwarder's own words only (may be empty)
  bool IsForward() const { return parent != kNone; }
};

struct CommentFacts {
  Id id = 0;
  Index author = kNone;
  Index post = kNone;
  TimeMs at = 0;
  std::string text;
};

struct LikeFacts {
  Index author = kNone;
  Index post = kNone;
  TimeMs at = 0;
};

struct Snapshot {
  TimeMs taken_at = 0;  // "now" for age-based signals
  std::vector<AccountFacts> accounts;
  Csr following;  // row = follower, targets = the accounts it follows
  Csr fans;       // row = followee, targets = its followers (the transpose of `following`)
  std::vector<PostFacts> posts;  // originals and forwards, in time order
  std::vector<CommentFacts> comments;
  std::vector<LikeFacts> likes;  // likes of posts (comment likes are not needed)

  // Fills `fans` as the transpose of `following`.
  void BuildFans();
};

}  // namespace cw::integrity
