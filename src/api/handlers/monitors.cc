// Brand monitors (docs/analytics.md, "Monitors"; service/monitor_service.h): CRUD for their
// owner, the report, and the admins' hook that runs the burst check now.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <unordered_map>

#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

namespace {

Result<MonitorService*> Monitors(const Call& call) {
  if (!call.services.monitors) return Unavailable("monitors are not available");
  return call.services.monitors;
}

bool Has(const Call& call, const std::string& key) {
  return call.params.Get(key).has_value();
}

Result<std::optional<double>> GetNumber(const Call& call, const std::string& key) {
  auto v = call.params.Get(key);
  if (!v) return std::optional<double>();
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (v->empty() || end != v->c_str() + v->size() || errno != 0 || !std::isfinite(d)) {
    return Malformed(key + " must be a number");
  }
  return std::optional<double>(d);
}

Result<MonitorInput> Input(const Call& call) {
  MonitorInput in;
  in.name = call.params.Get("name");
  if (Has(call, "keywords")) in.keywords = call.params.GetAll("keywords");
  if (Has(call, "topics")) in.topics = call.params.GetAll("topics");
  in.webhook_url = call.params.Get("webhook_url");
  CW_ASSIGN_OR_RETURN(in.burst_factor, GetNumber(call, "burst_factor"));
  CW_ASSIGN_OR_RETURN(auto min_posts, GetNumber(call, "min_posts"));
  if (min_posts) {
    if (*min_posts != std::floor(*min_posts) || std::fabs(*min_posts) > 1e15) {
      return InvalidArgument("min_posts must be an integer");
    }
    in.min_posts = static_cast<int64_t>(*min_posts);
  }
  return in;
}

}  // namespace

json::object MonitorJson(const Monitor& m) {
  return json::object{{"id", IdString(m.id)},
                      {"name", m.name},
                      {"keywords", json::array(m.keywords.begin(), m.keywords.end())},
                      {"topics", json::array(m.topics.begin(), m.topics.end())},
                      {"webhook_url", m.webhook_url},
                      {"burst_factor", m.burst_factor},
                      {"min_posts", m.min_posts},
                      {"created_at", FormatIsoTime(m.created_at)},
                      {"updated_at", FormatIsoTime(m.updated_at)}};
}

json::object MonitorAlertJson(const MonitorAlert& a) {
  return json::object{{"id", IdString(a.id)},
                      {"monitor_id", IdString(a.monitor_id)},
                      {"at", FormatIsoTime(a.at)},
                      {"volume", a.volume},
                      {"baseline", a.baseline},
                      {"spread", a.spread},
                      {"interval_s", a.interval_s},
                      {"delivered", a.delivered},
                      {"status_code", a.status_code}};
}

Result<Reply> CreateMonitor(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(MonitorInput in, Input(call));
  CW_ASSIGN_OR_RETURN(Monitor m, s->Create(*me, in));
  return JsonReply(MonitorJson(m));
}

Result<Reply> ListMonitors(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(auto rows, s->List(*me));
  json::array out;
  for (const auto& m : rows) out.push_back(MonitorJson(m));
  return JsonReply(std::move(out));
}

Result<Reply> GetMonitor(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Monitor m, s->Get(*me, id));
  return JsonReply(MonitorJson(m));
}

Result<Reply> UpdateMonitor(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(MonitorInput in, Input(call));
  CW_ASSIGN_OR_RETURN(Monitor m, s->Update(*me, id, in));
  return JsonReply(MonitorJson(m));
}

Result<Reply> DeleteMonitor(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_RETURN_IF_ERROR(s->Delete(*me, id));
  return JsonReply(json::object());
}

Result<Reply> MonitorReportReply(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(int hours, call.params.GetInt("hours", 24, INT32_MIN, INT32_MAX));
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", 10, 1, 30));
  CW_ASSIGN_OR_RETURN(MonitorReport r, s->Report(*me, id, hours));

  json::array volume;
  for (const auto& p : r.volume) {
    volume.push_back(json::object{
        {"at", FormatIsoTime(p.at)}, {"posts", p.posts}, {"real_posts", p.real_posts}});
  }
  // Top posts as the viewer may see them (a suspended author's drop out), best first.
  std::vector<Id> ids;
  for (const auto& p : r.top_posts) ids.push_back(p.id);
  CW_ASSIGN_OR_RETURN(auto visible, call.services.posts->GetVisible(me, ids));
  if (visible.size() > static_cast<size_t>(limit)) visible.resize(static_cast<size_t>(limit));
  CW_ASSIGN_OR_RETURN(PostBundle pb, call.services.posts->Hydrate(me, std::move(visible)));
  json::array top_posts;
  for (const auto& p : pb.posts) top_posts.push_back(StatusJson(p, pb, *call.services.posts));

  std::vector<Id> author_ids;
  for (const auto& a : r.top_accounts) author_ids.push_back(a.account_id);
  CW_ASSIGN_OR_RETURN(auto accounts, call.services.accounts->GetAccounts(author_ids));
  std::unordered_map<Id, const Account*> by_id;
  for (const auto& a : accounts) by_id.emplace(a.id, &a);
  json::array top_accounts;
  for (const auto& a : r.top_accounts) {
    auto it = by_id.find(a.account_id);
    if (it == by_id.end() || it->second->state == AccountState::kSuspended) continue;
    if (top_accounts.size() >= static_cast<size_t>(limit)) break;
    top_accounts.push_back(json::object{{"account", AccountJson(*it->second)}, {"posts", a.posts}});
  }
  json::array alerts;
  for (const auto& a : r.alerts) alerts.push_back(MonitorAlertJson(a));
  return JsonReply(json::object{{"monitor", MonitorJson(r.monitor)},
                                {"interval_s", r.interval_s},
                                {"hours", static_cast<int64_t>(r.volume.size())},
                                {"posts", r.posts},
                                {"real_posts", r.real_posts},
                                {"truncated", r.truncated},
                                {"volume", std::move(volume)},
                                {"top_posts", std::move(top_posts)},
                                {"top_accounts", std::move(top_accounts)},
                                {"alerts", std::move(alerts)}});
}

Result<Reply> RunMonitorCheck(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  if (me->role != Role::kAdmin) return PermissionDenied("admins only");
  CW_ASSIGN_OR_RETURN(MonitorService * s, Monitors(call));
  CW_ASSIGN_OR_RETURN(auto raised, s->CheckBursts());
  json::array out;
  for (const auto& a : raised) out.push_back(MonitorAlertJson(a));
  return JsonReply(json::object{{"alerts", std::move(out)}});
}

}  // namespace cw::api
