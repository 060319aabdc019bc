// Comments, replies, likes of comments, forwarding a comment.
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

namespace {
Result<Reply> CommentsReply(Call& call, std::vector<Comment> rows) {
  std::vector<Id> ids;
  for (const auto& c : rows) ids.push_back(c.id);
  CW_ASSIGN_OR_RETURN(CommentBundle b, call.services.comments->Hydrate(call.viewer(), std::move(rows)));
  Reply r = RawJsonReply(CommentsBody(b));
  AddLinkHeader(call, ids, &r);
  return r;
}
}  // namespace

Result<Reply> ListComments(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.comments->ListByPost(call.viewer(), id, page));
  return CommentsReply(call, std::move(rows));
}

Result<Reply> CreateComment(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  NewComment c;
  CW_ASSIGN_OR_RETURN(c.post_id, call.params.PathId("id"));
  c.text = call.params.GetOr("text", call.params.GetOr("status", ""));
  CW_ASSIGN_OR_RETURN(c.reply_to_id, call.params.GetId("reply_to_id"));
  CW_ASSIGN_OR_RETURN(auto also_forward, call.params.GetBool("also_forward"));
  c.also_forward = also_forward.value_or(false);
  CW_ASSIGN_OR_RETURN(auto created, call.services.comments->Create(*me, c));
  return CommentReply(call, std::move(created.first), created.second);
}

Result<Reply> GetComment(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Comment c, call.services.comments->Get(call.viewer(), id));
  return CommentReply(call, std::move(c));
}

Result<Reply> ListReplies(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.comments->ListReplies(call.viewer(), id, page));
  return CommentsReply(call, std::move(rows));
}

Result<Reply> DeleteComment(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(call.services.comments->Delete(*me, id));
  return JsonReply(json::object());
}

Result<Reply> FavouriteComment(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Comment c, call.services.comments->Like(*me, id));
  return CommentReply(call, std::move(c));
}

Result<Reply> UnfavouriteComment(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Comment c, call.services.comments->Unlike(*me, id));
  return CommentReply(call, std::move(c));
}

Result<Reply> ForwardComment(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Post post,
                      call.services.comments->Forward(*me, id, call.params.GetOr("status", "")));
  return StatusReply(call, std::move(post), /*fresh=*/true);
}

}  // namespace cw::api
