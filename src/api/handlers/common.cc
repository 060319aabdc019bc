// Rendering helpers shared by the handlers.
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

std::string ClientName(const Call& call) {
  std::string client = call.params.GetOr("client_id", "");
  if (client.empty()) client = call.request.Header("user-agent");
  return client;
}

Reply JsonReply(json::value body, int status) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Reply RawJsonReply(std::string body, int status) {
  Reply r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.raw = std::move(body);
  return r;
}

Result<Reply> StatusReply(Call& call, Post post, bool fresh) {
  std::vector<Post> one;
  one.push_back(std::move(post));
  CW_ASSIGN_OR_RETURN(PostBundle b,
                      call.services.posts->Hydrate(call.viewer(), std::move(one), fresh));
  std::string body;
  body.reserve(2048);  // a status with its author; StatusesBody reserves the same per post
  JsonWriter w(&body);
  WriteStatus(w, b.posts.front(), b, *call.services.posts, 0, call.services.render_cache);
  return RawJsonReply(std::move(body));
}

Result<Reply> StatusesReply(Call& call, std::vector<Post> posts) {
  std::vector<Id> ids;
  for (const auto& p : posts) ids.push_back(p.id);
  CW_ASSIGN_OR_RETURN(PostBundle b, call.services.posts->Hydrate(call.viewer(), std::move(posts)));
  Reply r = RawJsonReply(StatusesBody(b, *call.services.posts, call.services.render_cache));
  AddLinkHeader(call, ids, &r);
  return r;
}

Result<Reply> CommentReply(Call& call, Comment comment, Id forward_id) {
  std::vector<Comment> one;
  one.push_back(std::move(comment));
  CW_ASSIGN_OR_RETURN(CommentBundle b,
                      call.services.comments->Hydrate(call.viewer(), std::move(one)));
  std::string body;
  JsonWriter w(&body);
  WriteComment(w, b.comments.front(), b, forward_id);
  return RawJsonReply(std::move(body));
}

Reply AccountPageReply(Call& call, const std::vector<std::pair<Id, Account>>& rows) {
  std::string body;
  JsonWriter w(&body);
  w.BeginArray();
  std::vector<Id> ids;
  for (const auto& [id, a] : rows) {
    WriteAccount(w, a);
    ids.push_back(id);
  }
  w.EndArray();
  Reply r = RawJsonReply(std::move(body));
  AddLinkHeader(call, ids, &r);
  return r;
}

}  // namespace cw::api
