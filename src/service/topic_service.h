// Topics (#话题#): the hot list (热搜榜), trending tags, and a topic's page — its posts, latest or
// hot, volume over time and top contributors. A topic's posts are those whose own words carry it
// (an original's text, a forward's own comment), found through the search index's exact topic
// terms; every post passes the visibility policy, and aggregates count public posts only.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/hot_search.h"
#include "service/context.h"
#include "service/visibility.h"

namespace cw {

struct TopicVolume {
  TimeMs hour = 0;  // the hour's first millisecond
  int64_t posts = 0;
  int64_t accounts = 0;  // distinct authors
};

struct TopicContributor {
  Account account;
  int64_t posts = 0;  // public posts with the topic in the volume's span
};

struct TopicPage {
  TopicHit topic;                              // name as first written, all-time public posts
  std::vector<TopicVolume> volume;             // one bucket per hour, oldest first
  std::vector<TopicContributor> contributors;  // most posts first
  std::vector<search::DayUse> history;         // the last 7 UTC days, today first
  std::optional<search::HotItem> hot;          // its entry in the 1 h hot list, if listed
  int hot_rank = 0;                            // 1-based; 0 when not listed
};

// The normalised exact term ("#" + name) of a topic name as a URL carries it ("话题", "#话题#",
// "#tag"). kInvalidArgument when empty, invalid UTF-8 or longer than a topic may be (64).
Result<std::string> TopicTermOfName(std::string_view name);

// The order=hot score of a topic's post: engagement, halving every 24 hours of age.
double TopicPostHeat(TimeMs age_ms, int64_t likes, int64_t forwards, int64_t comments);

class TopicService {
 public:
  static constexpr int kMaxHours = 168;
  static constexpr int kHotCandidates = 1000;
  static constexpr int kMaxContributors = 10;
  static constexpr int kMaxHotItems = 50;

  // `hot` may be null (no hot list: rankings answer kUnavailable).
  TopicService(const ServiceContext& ctx, search::HotSearch* hot) : ctx_(ctx), hot_(hot) {}

  // The hot list for window "1h" or "24h" (kInvalidArgument otherwise); words too unless
  // `topics_only`.
  Result<std::vector<search::HotItem>> Hot(std::string_view window, int limit, bool topics_only);
  // Trending topics (the 24 h hot list) with their daily history.
  Result<std::vector<std::pair<search::HotItem, std::vector<search::DayUse>>>> Trending(int limit);
  // A topic's page, volume over the `hours` (1..kMaxHours) ending now, or ending at the topic's
  // last use if that was longer ago. kNotFound for a topic no public post has used.
  Result<TopicPage> Get(const Account* viewer, std::string_view name, int hours);
  // The topic's posts the viewer may see, newest first, paged by id like every timeline (min_id
  // acts as since_id).
  Result<std::vector<Post>> Latest(const Account* viewer, std::string_view name, const Page& page);
  // The same posts by TopicPostHeat over the newest kHotCandidates, paged by offset.
  Result<std::vector<Post>> Hottest(const Account* viewer, std::string_view name, int limit,
                                    int offset);

 private:
  Result<SearchStore*> Index();
  ServiceContext ctx_;
  search::HotSearch* hot_;
};

}  // namespace cw
