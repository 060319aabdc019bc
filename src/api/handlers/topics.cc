// Topics: the hot list, Mastodon's trending tags, a tag's timeline and its page
// (service/topic_service.h). Numbers that are not counts have four significant digits.
#include <cmath>
#include <cstdio>

#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace {

void Number(JsonWriter& w, std::string_view key, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", std::isfinite(v) ? v : 0.0);
  w.Key(key).Raw(buf);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The :name path parameter, percent-decoded (paths arrive as sent).
Result<std::string> TagName(const Call& call) {
  auto it = call.params.path.find("name");
  if (it == call.params.path.end()) return InvalidArgument("missing tag name");
  const std::string& s = it->second;
  if (s.size() > 1024) return InvalidArgument("topic name is longer than 64 characters");
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 2 < s.size() ? HexValue(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Malformed("broken percent escape in tag name");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

void WriteHistory(JsonWriter& w, const std::vector<search::DayUse>& days) {
  w.Key("history").BeginArray();
  for (const auto& d : days) {
    w.BeginObject();
    w.Key("day").IntString(d.day / 1000);
    w.Key("uses").IntString(d.posts);
    w.Key("accounts").IntString(d.accounts);
    w.EndObject();
  }
  w.EndArray();
}

void WriteHotItem(JsonWriter& w, const search::HotItem& it, int rank) {
  const bool topic = it.kind == search::HotKind::kTopic;
  w.BeginObject()
      .Field("rank", rank)
      .Field("type", topic ? "topic" : "term")
      .Field("name", it.name);
  if (topic) {
    w.Field("url", "/tags/" + it.name);
  } else {
    w.Field("url", "/search?q=" + it.name);
  }
  Number(w, "score", it.score);
  w.Field("accounts", it.accounts);
  Number(w, "weighted_accounts", it.weight);
  w.Field("posts", it.posts);
  Number(w, "baseline", it.baseline);
  Number(w, "burst", it.burst);
  w.EndObject();
}

}  // namespace

Result<Reply> HotList(Call& call) {
  if (!call.services.topics) return Unavailable("hot search is not available");
  std::string window = call.params.GetOr("window", "1h");
  std::string type = call.params.GetOr("type", "all");
  if (type != "all" && type != "topics") return InvalidArgument("type must be all or topics");
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", 20, 1, TopicService::kMaxHotItems));
  CW_ASSIGN_OR_RETURN(auto items, call.services.topics->Hot(window, limit, type == "topics"));
  std::string body;
  JsonWriter w(&body);
  w.BeginArray();
  for (size_t i = 0; i < items.size(); ++i) WriteHotItem(w, items[i], static_cast<int>(i) + 1);
  w.EndArray();
  return RawJsonReply(std::move(body));
}

Result<Reply> TrendingTags(Call& call) {
  if (!call.services.topics) return Unavailable("hot search is not available");
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", 10, 1, 20));
  CW_ASSIGN_OR_RETURN(auto tags, call.services.topics->Trending(limit));
  std::string body;
  JsonWriter w(&body);
  w.BeginArray();
  for (const auto& [item, history] : tags) {
    w.BeginObject().Field("name", item.name).Field("url", "/tags/" + item.name);
    WriteHistory(w, history);
    w.Field("following", false);
    w.EndObject();
  }
  w.EndArray();
  return RawJsonReply(std::move(body));
}

Result<Reply> TagTimeline(Call& call) {
  if (!call.services.topics) return Unavailable("topics are not available");
  CW_ASSIGN_OR_RETURN(std::string name, TagName(call));
  std::string order = call.params.GetOr("order", "latest");
  if (order == "latest") {
    CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
    CW_ASSIGN_OR_RETURN(auto posts, call.services.topics->Latest(call.viewer(), name, page));
    return StatusesReply(call, std::move(posts));
  }
  if (order != "hot") return InvalidArgument("order must be latest or hot");
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", call.services.limits.page_default, 1,
                                                    call.services.limits.page_max));
  CW_ASSIGN_OR_RETURN(int offset, call.params.GetInt("offset", 0, 0, TopicService::kHotCandidates));
  CW_ASSIGN_OR_RETURN(auto posts,
                      call.services.topics->Hottest(call.viewer(), name, limit, offset));
  // Ranked, not id-ordered: paged by offset, so no Link header.
  CW_ASSIGN_OR_RETURN(Reply r, StatusesReply(call, std::move(posts)));
  r.headers.clear();
  return r;
}

Result<Reply> GetTag(Call& call) {
  if (!call.services.topics) return Unavailable("topics are not available");
  CW_ASSIGN_OR_RETURN(std::string name, TagName(call));
  // Out of range is refused rather than clamped (as limits are): a different span than asked
  // for would draw a misleading chart.
  CW_ASSIGN_OR_RETURN(int hours, call.params.GetInt("hours", 24, -1'000'000, 1'000'000));
  CW_ASSIGN_OR_RETURN(TopicPage page, call.services.topics->Get(call.viewer(), name, hours));
  std::string body;
  JsonWriter w(&body);
  w.BeginObject().Field("name", page.topic.name).Field("url", "/tags/" + page.topic.name);
  WriteHistory(w, page.history);
  w.Field("following", false);
  w.Field("posts_count", page.topic.posts_count);
  w.Key("last_status_at");
  if (page.topic.last_at > 0) {
    w.String(FormatIsoTime(page.topic.last_at));
  } else {
    w.Null();
  }
  w.Key("volume").BeginArray();
  for (const auto& v : page.volume) {
    w.BeginObject()
        .Field("hour", FormatIsoTime(v.hour))
        .Field("posts", v.posts)
        .Field("accounts", v.accounts)
        .EndObject();
  }
  w.EndArray();
  w.Key("top_contributors").BeginArray();
  for (const auto& c : page.contributors) {
    w.BeginObject().Key("account");
    WriteAccount(w, c.account);
    w.Field("posts", c.posts).EndObject();
  }
  w.EndArray();
  w.Key("hot");
  if (page.hot) {
    WriteHotItem(w, *page.hot, page.hot_rank);
  } else {
    w.Null();
  }
  w.EndObject();
  return RawJsonReply(std::move(body));
}

}  // namespace cw::api
