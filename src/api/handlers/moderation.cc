// Reports (Mastodon's POST /api/v1/reports) and the moderators' API: the case queue, a case with
// its evidence and accounts, actions on cases and accounts, and the audit log.
#include <boost/json/parse.hpp>
#include <unordered_map>

#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;
namespace {

Result<ModerationService*> Moderation(Call& call) {
  if (!call.services.moderation) return Unavailable("moderation is not available");
  return call.services.moderation;
}

// Detector evidence is JSON; shown as a string if it somehow is not.
json::value EvidenceJson(const std::string& evidence) {
  if (evidence.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(evidence, ec);
  if (ec) return json::value(evidence);
  return v;
}

Result<std::unordered_map<Id, Account>> AccountsById(Call& call, const std::vector<Id>& ids) {
  CW_ASSIGN_OR_RETURN(auto rows, call.services.accounts->GetAccounts(ids));
  std::unordered_map<Id, Account> out;
  for (auto& a : rows) out.emplace(a.id, std::move(a));
  return out;
}

json::value AccountOrNull(const std::unordered_map<Id, Account>& by_id, Id id) {
  auto it = by_id.find(id);
  return it == by_id.end() ? json::value(nullptr) : json::value(AccountJson(it->second));
}

json::object CaseJson(const Case& c, const std::unordered_map<Id, Account>& accounts) {
  json::object o;
  o["id"] = IdString(c.id);
  o["kind"] = CaseKindName(c.kind);
  o["state"] = CaseStateName(c.state);
  o["account"] = AccountOrNull(accounts, c.account_id);
  o["score"] = c.score;
  o["summary"] = c.summary;
  o["members_count"] = c.members_count;
  o["reports_count"] = c.reports_count;
  o["created_at"] = FormatIsoTime(c.created_at);
  o["updated_at"] = FormatIsoTime(c.updated_at);
  o["resolution"] = c.resolution;
  o["resolved_by"] = c.resolved_by ? json::value(IdString(c.resolved_by)) : json::value(nullptr);
  return o;
}

json::object ReportJson(const Report& r, const std::unordered_map<Id, Account>& accounts) {
  json::object o;
  o["id"] = IdString(r.id);
  o["action_taken"] = false;
  o["category"] = ReportCategoryName(r.category);
  o["comment"] = r.comment;
  o["created_at"] = FormatIsoTime(r.created_at);
  json::array statuses;
  if (r.post_id) statuses.push_back(json::value(IdString(r.post_id)));
  o["status_ids"] = std::move(statuses);
  o["comment_id"] = r.comment_id ? json::value(IdString(r.comment_id)) : json::value(nullptr);
  o["case_id"] = IdString(r.case_id);
  o["target_account"] = AccountOrNull(accounts, r.account_id);
  return o;
}

json::object EntryJson(const ModerationEntry& e, const std::unordered_map<Id, Account>& accounts) {
  json::object o;
  o["id"] = IdString(e.id);
  o["action"] = ModerationActionName(e.action);
  o["text"] = e.reason;
  o["details"] = e.details;
  o["case_id"] = e.case_id ? json::value(IdString(e.case_id)) : json::value(nullptr);
  o["created_at"] = FormatIsoTime(e.created_at);
  o["target_account"] = AccountOrNull(accounts, e.account_id);
  o["moderator"] = AccountOrNull(accounts, e.moderator_id);
  return o;
}

// A newest-first page of cases or log entries, each rendered with the accounts it names, and the
// Link header to the next page.
template <typename Row, typename Render>
Reply PageReply(Call& call, const std::vector<Row>& rows,
                const std::unordered_map<Id, Account>& accounts, Render render) {
  json::array out;
  std::vector<Id> ids;
  for (const auto& row : rows) {
    out.push_back(render(row, accounts));
    ids.push_back(row.id);
  }
  Reply reply = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &reply);
  return reply;
}

Result<ModerationAction> ActionParam(Call& call) {
  std::string type = call.params.GetOr("type", "");
  // Mastodon's admin action names, and our older "unsuspend".
  if (type == "silence") type = "limit";
  if (type == "unsilence") type = "unlimit";
  if (type == "unsuspend" || type == "none") type = "restore";
  auto action = ParseModerationAction(type);
  if (!action) {
    return InvalidArgument(
        "type must be dismiss, limit, unlimit, remove_follows, suspend or restore");
  }
  return *action;
}

std::string ReasonParam(Call& call) {
  auto reason = call.params.Get("reason");
  return reason ? *reason : call.params.GetOr("text", "");
}

}  // namespace

Result<Reply> FileReport(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  ReportRequest r;
  CW_ASSIGN_OR_RETURN(r.account_id, call.params.GetId("account_id"));
  if (!r.account_id) return InvalidArgument("account_id is required");
  CW_ASSIGN_OR_RETURN(auto status_ids, call.params.GetIds("status_ids"));
  if (status_ids.size() > 1) return InvalidArgument("report one post at a time");
  CW_ASSIGN_OR_RETURN(r.post_id, call.params.GetId("post_id"));
  if (!r.post_id && !status_ids.empty()) r.post_id = status_ids.front();
  CW_ASSIGN_OR_RETURN(r.comment_id, call.params.GetId("comment_id"));
  r.category = call.params.GetOr("category", "other");
  r.comment = call.params.GetOr("comment", "");
  CW_ASSIGN_OR_RETURN(Report report, m->FileReport(*me, r));
  CW_ASSIGN_OR_RETURN(auto accounts, AccountsById(call, {report.account_id}));
  return JsonReply(ReportJson(report, accounts));
}

Result<Reply> ListCases(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  std::optional<CaseState> state = CaseState::kOpen;
  std::string state_name = call.params.GetOr("state", "open");
  if (state_name == "all") {
    state.reset();
  } else {
    state = ParseCaseState(state_name);
    if (!state) return InvalidArgument("state must be open, resolved or all");
  }
  std::optional<CaseKind> kind;
  if (auto k = call.params.Get("kind"); k && !k->empty()) {
    kind = ParseCaseKind(*k);
    if (!kind) return InvalidArgument("kind must be report, zombie_farm, water_army or spam_bot");
  }
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto cases, m->ListCases(*me, state, kind, page));
  std::vector<Id> ids;
  for (const auto& c : cases) ids.push_back(c.account_id);
  CW_ASSIGN_OR_RETURN(auto accounts, AccountsById(call, ids));
  return PageReply(call, cases, accounts, CaseJson);
}

Result<Reply> GetCase(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(CaseDetail d, m->GetCase(*me, id));
  std::vector<Id> ids = d.members;
  ids.insert(ids.end(), d.targets.begin(), d.targets.end());
  ids.push_back(d.c.account_id);
  if (d.c.resolved_by) ids.push_back(d.c.resolved_by);
  for (const auto& r : d.reports) ids.push_back(r.reporter_id);
  CW_ASSIGN_OR_RETURN(auto accounts, AccountsById(call, ids));
  json::object o = CaseJson(d.c, accounts);
  o["evidence"] = EvidenceJson(d.c.evidence);
  auto list = [&](const std::vector<Id>& of) {
    json::array a;
    for (Id x : of) {
      if (auto v = AccountOrNull(accounts, x); !v.is_null()) a.push_back(std::move(v));
    }
    return a;
  };
  o["members"] = list(d.members);
  o["targets"] = list(d.targets);
  json::array reports;
  for (const auto& r : d.reports) {
    json::object ro = ReportJson(r, accounts);
    ro["reporter"] = AccountOrNull(accounts, r.reporter_id);
    reports.push_back(std::move(ro));
  }
  o["reports"] = std::move(reports);
  Page page;
  page.limit = 50;
  CW_ASSIGN_OR_RETURN(auto log, m->ListLog(*me, d.c.account_id, page));
  json::array entries;
  for (const auto& e : log) {
    if (e.case_id == d.c.id) entries.push_back(EntryJson(e, accounts));
  }
  o["log"] = std::move(entries);
  return JsonReply(std::move(o));
}

Result<Reply> CaseAction(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ModerationAction action, ActionParam(call));
  CW_ASSIGN_OR_RETURN(Case c, m->ActOnCase(*me, id, action, ReasonParam(call)));
  CW_ASSIGN_OR_RETURN(auto accounts, AccountsById(call, {c.account_id}));
  return JsonReply(CaseJson(c, accounts));
}

Result<Reply> AdminAccountAction(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ModerationAction action, ActionParam(call));
  CW_ASSIGN_OR_RETURN(Account a, m->ActOnAccount(*me, id, action, ReasonParam(call)));
  return JsonReply(AccountJson(a));
}

Result<Reply> ModerationLog(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  CW_ASSIGN_OR_RETURN(Id account_id, call.params.GetId("account_id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto log, m->ListLog(*me, account_id, page));
  std::vector<Id> ids;
  for (const auto& e : log) {
    ids.push_back(e.account_id);
    ids.push_back(e.moderator_id);
  }
  CW_ASSIGN_OR_RETURN(auto accounts, AccountsById(call, ids));
  return PageReply(call, log, accounts, EntryJson);
}

Result<Reply> GetModerationWarning(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(ModerationService* m, Moderation(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ModerationEntry e, m->GetEntry(*me, id));
  return JsonReply(ModerationWarningJson(e));
}

Result<Reply> RunIntegrityScan(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  if (me->role != Role::kAdmin) return PermissionDenied("admins only");
  if (!call.services.integrity) return Unavailable("integrity scans are not available");
  IntegrityScanOptions options;
  CW_ASSIGN_OR_RETURN(auto dry_run, call.params.GetBool("dry_run"));
  options.apply = !dry_run.value_or(false);
  CW_ASSIGN_OR_RETURN(IntegrityScanReport r, call.services.integrity->Scan(options, nullptr));
  json::array timings;
  for (const auto& t : r.timings) timings.push_back({{"stage", t.stage}, {"seconds", t.seconds}});
  return JsonReply(json::object{{"accounts", r.accounts},
                                {"follows", r.follows},
                                {"posts", r.posts},
                                {"comments", r.comments},
                                {"likes", r.likes},
                                {"zombie", r.zombies},
                                {"water_army", r.water_army},
                                {"spam_bot", r.spam_bots},
                                {"not_credible", r.not_credible},
                                {"groups", r.groups},
                                {"cases", r.cases_recorded},
                                {"timings", std::move(timings)}});
}

json::object ModerationWarningJson(const ModerationEntry& e) {
  // The moderator stays anonymous to the account acted on.
  json::object o;
  o["id"] = IdString(e.id);
  o["action"] = ModerationActionName(e.action);
  o["text"] = e.reason;
  o["details"] = e.details;
  o["created_at"] = FormatIsoTime(e.created_at);
  return o;
}

}  // namespace cw::api
