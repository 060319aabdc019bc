// Sign-up and its protections: the proof-of-work challenge, registration (its per-address limit
// is applied by Api from the route table), invitation codes and the approval of pending
// accounts.
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

namespace {

Result<SignupService*> Signup(const Call& call) {
  if (!call.services.signup) return Unavailable("sign-up is not available");
  return call.services.signup;
}

json::object InviteJson(const Invite& i) {
  return json::object{
      {"id", std::to_string(i.id)},
      {"code", i.code},
      {"created_by", std::to_string(i.created_by)},
      {"created_at", FormatIsoTime(i.created_at)},
      {"expires_at", i.expires_at > 0 ? json::value(FormatIsoTime(i.expires_at)) : json::value()},
      {"max_uses", i.max_uses > 0 ? json::value(i.max_uses) : json::value()},
      {"uses", i.uses},
      {"revoked", i.revoked}};
}

Reply AccountsReply(const std::vector<Account>& accounts) {
  json::array out;
  for (const auto& a : accounts) out.push_back(AccountJson(a));
  return JsonReply(std::move(out));
}

}  // namespace

Result<Reply> GetChallenge(Call& call) {
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Challenge c, s->NewChallenge());
  Reply r = JsonReply(json::object{{"challenge", c.token},
                                   {"difficulty", c.difficulty},
                                   {"algorithm", "sha256"},
                                   {"expires_at", FormatIsoTime(c.expires_at)}});
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Result<Reply> RegisterAccount(Call& call) {
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  SignupRequest req;
  Registration& r = req.registration;
  r.handle = call.params.GetOr("username", "");
  r.password = call.params.GetOr("password", "");
  r.display_name = call.params.GetOr("display_name", "");
  r.email = call.params.GetOr("email", "");
  r.kind = call.params.GetOr("kind", "personal");
  r.ip = call.request.remote_ip;  // the client's address (Api resolved trusted proxies)
  r.client = ClientName(call);
  req.challenge = call.params.GetOr("challenge", "");
  req.nonce = call.params.GetOr("nonce", "");
  req.invite_code = call.params.GetOr("invite_code", "");
  CW_ASSIGN_OR_RETURN(auto created, s->SignUp(req));
  json::object body = TokenJson(created.second.token, created.second.created_at);
  // Mastodon answers an approval-mode sign-up with a token that works once approved; say so.
  body["approval_pending"] = created.first.state == AccountState::kPending;
  return JsonReply(std::move(body));
}

Result<Reply> ListPendingAccounts(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto accounts, s->ListPending(*me, page));
  std::vector<Id> ids;
  for (const auto& a : accounts) ids.push_back(a.id);
  Reply reply = AccountsReply(accounts);
  AddLinkHeader(call, ids, &reply);
  return reply;
}

Result<Reply> ApproveAccount(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Account a, s->Approve(*me, id));
  return JsonReply(AccountJson(a));
}

Result<Reply> RejectAccount(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Account a, s->Reject(*me, id));
  return JsonReply(AccountJson(a));
}

Result<Reply> ListInvites(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto invites, s->ListInvites(*me, page));
  json::array out;
  std::vector<Id> ids;
  for (const auto& i : invites) {
    out.push_back(InviteJson(i));
    ids.push_back(i.id);
  }
  Reply reply = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &reply);
  return reply;
}

Result<Reply> CreateInvite(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(int max_uses, call.params.GetInt("max_uses", 1, 0, 1'000'000));
  CW_ASSIGN_OR_RETURN(int expires_in, call.params.GetInt("expires_in", 7 * 86400, 0, 366 * 86400));
  CW_ASSIGN_OR_RETURN(Invite i, s->CreateInvite(*me, max_uses, expires_in));
  return JsonReply(InviteJson(i));
}

Result<Reply> RevokeInvite(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(SignupService * s, Signup(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(s->RevokeInvite(*me, id));
  return JsonReply(json::object());
}

}  // namespace cw::api
