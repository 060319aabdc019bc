// The social graph as analytics sees it: accounts numbered densely, the follow graph in the
// direction influence flows (from an author to its fans), and every forward ever made with the
// topics of the post it spread. Plain data, read once from the store (store_graph.h) and shared
// by KOL influence (influence.h) and campaign seeding (seeding.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace cw::analytics {

using Index = uint32_t;  // an account's dense number, 0 .. SocialGraph::size() - 1
inline constexpr Index kNoIndex = UINT32_MAX;

// An original post (not a forward) that has at least one topic or at least one forward.
struct RootPost {
  Id id = 0;
  Index author = kNoIndex;
  TimeMs at = 0;
  uint32_t topic_begin = 0, topic_end = 0;  // its topics: SocialGraph::root_topics[begin, end)
};

// One forward. `parent_author` is whom it was forwarded from: the root's author, or the author
// of the forward it forwarded (the `//@` chain).
struct ForwardEvent {
  Index forwarder = kNoIndex;
  Index parent_author = kNoIndex;
  uint32_t root = 0;  // index into SocialGraph::roots
  TimeMs at = 0;
};

struct SocialGraph {
  // Per account, by index.
  std::vector<Id> account_ids;
  std::vector<int64_t> fans;          // the raw fan count
  std::vector<uint8_t> credible;      // 1: real (the integrity scan's credible flag)
  std::vector<uint8_t> eligible;      // 1: may be chosen or listed (active, not limited, credible)
  std::vector<uint8_t> hidden;        // 1: suspended or pending: its posts reach nobody (empty: none)
  std::vector<uint32_t> originals;    // original posts authored

  // Follows as CSR by followee: the fans of account v are
  // fan_index[fan_offset[v] .. fan_offset[v + 1]).
  std::vector<uint64_t> fan_offset;
  std::vector<Index> fan_index;

  std::vector<RootPost> roots;        // in id order
  std::vector<uint32_t> root_topics;  // indexes into `topics`
  std::vector<std::string> topics;    // topic terms (search/tokenizer.h TopicTerm), sorted
  std::vector<ForwardEvent> forwards; // in time order

  size_t size() const { return account_ids.size(); }
  uint64_t follow_count() const { return fan_index.size(); }
};

}  // namespace cw::analytics
