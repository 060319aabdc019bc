// Search for one viewer: parses the query (search/query.h), asks the store's index for
// candidates, ranks them, and keeps only what the visibility policy lets the viewer see — nobody
// finds a post, comment or account they could not open. Thread-safe.
//
// Ranking of posts (comments alike, with likes + replies as engagement):
//   score = R × T × E
//   R = BM25 of the match (FTS5: k1 = 1.2, b = 0.75); 1 for filter-only queries (from: alone)
//   T = 0.25 + 0.75 × 2^(−age_hours / 72)      recency: halves every 3 days, floor 0.25
//   E = 1 + 0.2 × ln(1 + likes + 2 × forwards + comments)
// over the newest kCandidates matches (micro-blog search favours the recent; a query costs the
// same whether its words are rare or everywhere). order=latest sorts the same candidates by time.
// Accounts: BM25 (handle ×4, name ×2, bio ×1) × (1 + 0.1 × ln(1 + fans)), an exact handle first.
// Topics: BM25 × ln(e + public posts), an exact name first.
#pragma once

#include <string>
#include <vector>

#include "service/context.h"
#include "service/visibility.h"

namespace cw {

struct SearchRequest {
  std::string q;
  std::string type;  // "" (all), "statuses", "accounts", "hashtags", "comments"
  int limit = 20;
  int offset = 0;
  bool latest = false;  // newest first instead of by score
};

struct SearchResults {
  std::vector<Account> accounts;
  std::vector<Post> statuses;
  std::vector<Comment> comments;
  std::vector<TopicHit> hashtags;
};

// The post score above; `age_ms` below zero counts as zero.
double PostSearchScore(double relevance, TimeMs age_ms, int64_t likes, int64_t forwards,
                       int64_t comments);

class SearchService {
 public:
  static constexpr int kCandidates = 1000;

  explicit SearchService(const ServiceContext& ctx) : ctx_(ctx) {}
  // kInvalidArgument for a malformed query or type; kUnavailable if the store has no index.
  Result<SearchResults> Search(const Account* viewer, const SearchRequest& request);

 private:
  struct Context;
  Result<std::vector<Post>> Statuses(Context& c);
  Result<std::vector<Comment>> Comments(Context& c);
  Result<std::vector<Account>> Accounts(Context& c);
  Result<std::vector<TopicHit>> Hashtags(Context& c);
  ServiceContext ctx_;
};

}  // namespace cw
