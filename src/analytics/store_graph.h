// Reads the SocialGraph (graph.h) from the store in one consistent pass: accounts, follows, and
// the live posts reduced to what analytics needs (who forwarded whom, the topics of originals).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "analytics/graph.h"
#include "common/result.h"
#include "store/store.h"

namespace cw::analytics {

struct LoadedGraph {
  SocialGraph graph;
  double seconds = 0;      // the whole load
  uint64_t posts_read = 0; // live posts seen (originals and forwards)
};

// kUnavailable when the store has no IntegrityStore (the scan read is what this uses). Accounts
// are numbered in id order; `fans` counts the follows read; forwards whose root was deleted are
// left out, and a forward whose parent was deleted counts as forwarded from its root's author.
// Peak memory is about 12 bytes per follow and 50 per post on top of the graph itself.
Result<LoadedGraph> LoadSocialGraph(Store& store);

// The index of a topic in graph.topics, from a name as a member types it ("#话题#", "话题",
// "#Tag"), normalised the way search indexes topics; nullopt when no post has it.
std::optional<uint32_t> FindTopic(const SocialGraph& graph, std::string_view name);

}  // namespace cw::analytics
