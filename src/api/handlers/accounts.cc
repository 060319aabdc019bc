// Tokens, sessions, profiles and the admin account actions.
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

Result<Reply> IssueToken(Call& call) {
  std::string grant = call.params.GetOr("grant_type", "password");
  if (grant != "password") {
    return InvalidArgument("unsupported grant_type: only password is supported");
  }
  auto username = call.params.Get("username");
  auto password = call.params.Get("password");
  if (!username || !password) return InvalidArgument("username and password are required");
  auto token = call.services.accounts->Login(*username, *password, ClientName(call),
                                            call.request.remote_ip);
  if (!token.ok() && token.error().code() == ErrorCode::kUnauthenticated) {
    // OAuth 2 (RFC 6749 §5.2) names this error invalid_grant; `code` keeps our vocabulary.
    return JsonReply(json::object{{"error", "invalid_grant"},
                                  {"error_description", token.error().message()},
                                  {"code", ErrorCodeName(ErrorCode::kUnauthenticated)}},
                     401);
  }
  if (!token.ok()) return token.error();
  return JsonReply(TokenJson(token->token, token->created_at));
}

Result<Reply> RevokeToken(Call& call) {
  auto token = call.params.Get("token");
  if (!token) return InvalidArgument("token is required");
  CW_RETURN_IF_ERROR(call.services.accounts->Revoke(*token));
  return JsonReply(json::object());
}

Result<Reply> ListSessions(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(auto sessions, call.services.accounts->ListSessions(*me));
  json::array out;
  for (const auto& s : sessions) out.push_back(SessionJson(s, call.auth->session.id));
  return JsonReply(std::move(out));
}

Result<Reply> DeleteSession(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(call.services.accounts->DeleteSession(*me, id));
  return JsonReply(json::object());
}

Result<Reply> VerifyCredentials(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  return JsonReply(AccountJson(*me, true));
}

Result<Reply> UpdateCredentials(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  ProfilePatch p;
  p.display_name = call.params.Get("display_name");
  p.bio = call.params.Get("note");
  p.location = call.params.Get("location");
  p.kind = call.params.Get("kind");
  p.dm_policy = call.params.Get("dm_policy");
  p.comment_policy = call.params.Get("comment_policy");
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->UpdateProfile(*me, p));
  return JsonReply(AccountJson(a, true));
}

Result<Reply> GetAccount(Call& call) {
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->GetAccount(id));
  if (IsHiddenState(a.state) && !(call.viewer() && IsModerator(*call.viewer()))) {
    return NotFound("account not found");
  }
  return JsonReply(AccountJson(a, call.viewer() && call.viewer()->id == a.id));
}

Result<Reply> LookupAccount(Call& call) {
  std::string acct = call.params.GetOr("acct", "");
  if (!acct.empty() && acct[0] == '@') acct.erase(0, 1);
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->GetAccountByHandle(acct));
  if (IsHiddenState(a.state) && !(call.viewer() && IsModerator(*call.viewer()))) {
    return NotFound("account not found");
  }
  return JsonReply(AccountJson(a));
}

Result<Reply> SearchAccounts(Call& call) {
  std::string q = call.params.GetOr("q", "");
  if (!q.empty() && q[0] == '@') q.erase(0, 1);
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", 10, 1, 40));
  CW_ASSIGN_OR_RETURN(auto accounts, call.services.accounts->SearchByHandlePrefix(q, limit));
  json::array out;
  for (const auto& a : accounts) out.push_back(AccountJson(a));
  return JsonReply(std::move(out));
}

Result<Reply> AdminSetRole(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->SetRole(me, id, call.params.GetOr("role", "")));
  return JsonReply(AccountJson(a));
}

Result<Reply> AdminSetVerification(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Account a, call.services.accounts->SetVerification(
                                     me, id, call.params.GetOr("type", ""),
                                     call.params.GetOr("reason", "")));
  return JsonReply(AccountJson(a));
}

}  // namespace cw::api
