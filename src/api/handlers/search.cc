// Search: Mastodon's GET /api/v2/search over our own index (service/search_service.h).
#include "api/handlers/handlers.h"
#include "api/views.h"

#include <boost/json/serialize.hpp>

namespace cw::api {

Result<Reply> Search(Call& call) {
  if (!call.services.search) return Unavailable("search is not available");
  SearchRequest r;
  r.q = call.params.GetOr("q", "");
  r.type = call.params.GetOr("type", "");
  CW_ASSIGN_OR_RETURN(r.limit, call.params.GetInt("limit", call.services.limits.page_default, 1,
                                                  call.services.limits.page_max));
  CW_ASSIGN_OR_RETURN(r.offset, call.params.GetInt("offset", 0, 0, SearchService::kCandidates));
  std::string order = call.params.GetOr("order", "score");
  if (order != "score" && order != "latest") return InvalidArgument("order must be score or latest");
  r.latest = order == "latest";
  CW_ASSIGN_OR_RETURN(SearchResults found, call.services.search->Search(call.viewer(), r));

  std::string body;
  JsonWriter w(&body);
  w.BeginObject();
  w.Key("accounts").BeginArray();
  for (const auto& a : found.accounts) WriteAccount(w, a);
  w.EndArray();
  // Statuses render as every status page does; only the body is kept (search pages by offset,
  // not by the Link header).
  CW_ASSIGN_OR_RETURN(Reply statuses, StatusesReply(call, std::move(found.statuses)));
  w.Key("statuses").Raw(statuses.content_type.empty() ? boost::json::serialize(statuses.body)
                                                      : statuses.raw);
  w.Key("hashtags").BeginArray();
  for (const auto& t : found.hashtags) {
    w.BeginObject()
        .Field("name", t.name)
        .Field("url", "/tags/" + t.name)
        .Key("history").BeginArray().EndArray()
        .Field("posts_count", t.posts_count)
        .EndObject();
  }
  w.EndArray();
  if (r.type == "comments") {
    CW_ASSIGN_OR_RETURN(CommentBundle b,
                        call.services.comments->Hydrate(call.viewer(), std::move(found.comments)));
    w.Key("comments").Raw(CommentsBody(b));
  }
  w.EndObject();
  return RawJsonReply(std::move(body));
}

}  // namespace cw::api
