// Follow, block, mute, relationships, fans and following lists, followee groups (lists).
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

namespace {
using RelationAction = Result<Relationship> (RelationService::*)(const Account&, Id);

Result<Reply> Relate(Call& call, RelationAction action) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Relationship r, (call.services.relations->*action)(*me, id));
  return JsonReply(RelationshipJson(r));
}
}  // namespace

Result<Reply> FollowAccount(Call& call) { return Relate(call, &RelationService::Follow); }
Result<Reply> UnfollowAccount(Call& call) { return Relate(call, &RelationService::Unfollow); }
Result<Reply> BlockAccount(Call& call) { return Relate(call, &RelationService::Block); }
Result<Reply> UnblockAccount(Call& call) { return Relate(call, &RelationService::Unblock); }
Result<Reply> MuteAccount(Call& call) { return Relate(call, &RelationService::Mute); }
Result<Reply> UnmuteAccount(Call& call) { return Relate(call, &RelationService::Unmute); }

Result<Reply> GetRelationships(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(auto ids, call.params.GetIds("id"));
  if (ids.size() > 100) return InvalidArgument("at most 100 ids");
  json::array out;
  for (Id id : ids) {
    CW_ASSIGN_OR_RETURN(Relationship r, call.services.relations->GetRelationship(*me, id));
    out.push_back(RelationshipJson(r));
  }
  return JsonReply(std::move(out));
}

namespace {
// The account behind a path id, as a non-moderator may see it (suspended: not found).
Status CheckListedAccount(Call& call, Id id) {
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->GetAccount(id));
  if (IsHiddenState(a.state) && !(call.viewer() && IsModerator(*call.viewer()))) {
    return NotFound("account not found");
  }
  return OkStatus();
}
}  // namespace

Result<Reply> ListFollowers(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(CheckListedAccount(call, id));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.relations->ListFans(id, page));
  return AccountPageReply(call, rows);
}

Result<Reply> ListFollowing(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(CheckListedAccount(call, id));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.relations->ListFollowing(id, page));
  return AccountPageReply(call, rows);
}

Result<Reply> ListLists(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(auto groups, call.services.relations->ListGroups(*me));
  json::array out;
  for (const auto& g : groups) out.push_back(GroupJson(g));
  return JsonReply(std::move(out));
}

Result<Reply> CreateList(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(FolloweeGroup g,
                      call.services.relations->CreateGroup(*me, call.params.GetOr("title", "")));
  return JsonReply(GroupJson(g));
}

Result<Reply> GetList(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(FolloweeGroup g, call.services.relations->GetGroup(*me, id));
  return JsonReply(GroupJson(g));
}

Result<Reply> UpdateList(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(FolloweeGroup g,
                      call.services.relations->RenameGroup(*me, id, call.params.GetOr("title", "")));
  return JsonReply(GroupJson(g));
}

Result<Reply> DeleteList(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(call.services.relations->DeleteGroup(*me, id));
  return JsonReply(json::object());
}

Result<Reply> ListListAccounts(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(auto accounts, call.services.relations->ListGroupMembers(*me, id));
  json::array out;
  for (const auto& a : accounts) out.push_back(AccountJson(a));
  return JsonReply(std::move(out));
}

Result<Reply> AddListAccounts(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(auto ids, call.params.GetIds("account_ids"));
  CW_RETURN_IF_ERROR(call.services.relations->AddGroupMembers(*me, id, ids));
  return JsonReply(json::object());
}

Result<Reply> RemoveListAccounts(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(auto ids, call.params.GetIds("account_ids"));
  CW_RETURN_IF_ERROR(call.services.relations->RemoveGroupMembers(*me, id, ids));
  return JsonReply(json::object());
}

}  // namespace cw::api
