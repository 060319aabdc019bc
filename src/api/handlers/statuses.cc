// Posts, forwards, likes and timelines.
#include "api/handlers/handlers.h"
#include "api/home_pages.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

Result<Reply> CreateStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  NewPost p;
  p.text = call.params.GetOr("status", "");
  p.visibility = call.params.GetOr("visibility", "public");
  CW_ASSIGN_OR_RETURN(p.group_id, call.params.GetId("group_id"));
  CW_ASSIGN_OR_RETURN(auto is_long, call.params.GetBool("long"));
  p.is_long = is_long.value_or(false);
  p.comment_policy = call.params.Get("comment_policy");
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Create(*me, p));
  return StatusReply(call, std::move(post), /*fresh=*/true);
}

Result<Reply> GetStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Get(call.viewer(), id));
  return StatusReply(call, std::move(post));
}

Result<Reply> DeleteStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Delete(*me, id));
  return StatusReply(call, std::move(post));
}

Result<Reply> ForwardStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  NewForward f;
  CW_ASSIGN_OR_RETURN(f.parent_id, call.params.PathId("id"));
  f.comment = call.params.GetOr("status", "");
  f.visibility = call.params.GetOr("visibility", "public");
  CW_ASSIGN_OR_RETURN(auto also_comment, call.params.GetBool("also_comment"));
  f.also_comment = also_comment.value_or(false);
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Forward(*me, f));
  return StatusReply(call, std::move(post), /*fresh=*/true);
}

Result<Reply> FavouriteStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Like(*me, id));
  return StatusReply(call, std::move(post));
}

Result<Reply> UnfavouriteStatus(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Post post, call.services.posts->Unlike(*me, id));
  return StatusReply(call, std::move(post));
}

Result<Reply> StatusFavouritedBy(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.posts->Likers(call.viewer(), id, page));
  return AccountPageReply(call, rows);
}

Result<Reply> StatusRebloggedBy(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto forwards, call.services.posts->Forwards(call.viewer(), id, page));
  std::vector<Id> authors;
  for (const auto& f : forwards) authors.push_back(f.author_id);
  CW_ASSIGN_OR_RETURN(auto accounts, call.services.accounts->GetAccounts(authors));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  std::vector<std::pair<Id, Account>> rows;
  std::unordered_set<Id> seen;
  for (const auto& f : forwards) {
    auto it = by_id.find(f.author_id);
    if (it != by_id.end() && seen.insert(f.author_id).second) rows.emplace_back(f.id, it->second);
  }
  return AccountPageReply(call, rows);
}

Result<Reply> StatusForwards(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto forwards, call.services.posts->Forwards(call.viewer(), id, page));
  return StatusesReply(call, std::move(forwards));
}

Result<Reply> AccountStatuses(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto exclude, call.params.GetBool("exclude_reblogs"));
  CW_ASSIGN_OR_RETURN(auto posts, call.services.posts->UserTimeline(call.viewer(), id, page,
                                                                    !exclude.value_or(false)));
  return StatusesReply(call, std::move(posts));
}

Result<Reply> HomeTimeline(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  if (call.services.home_pages) return call.services.home_pages->Serve(call, *me, page);
  CW_ASSIGN_OR_RETURN(auto posts, call.services.posts->HomeTimeline(*me, page));
  return StatusesReply(call, std::move(posts));
}

Result<Reply> ListTimeline(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto posts, call.services.posts->GroupTimeline(*me, id, page));
  return StatusesReply(call, std::move(posts));
}

Result<Reply> PublicTimeline(Call& call) {
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto posts, call.services.posts->PublicTimeline(call.viewer(), page));
  return StatusesReply(call, std::move(posts));
}

}  // namespace cw::api
