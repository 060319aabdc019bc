#include "api/call.h"

#include <cctype>
#include <set>

namespace cw::api {

Result<const Account*> Call::RequireViewer() const {
  if (!auth) return Unauthenticated("this endpoint needs a bearer token");
  return auth->account.get();
}

Result<Page> Call::GetPage() const {
  Page p;
  CW_ASSIGN_OR_RETURN(p.max_id, params.GetId("max_id"));
  CW_ASSIGN_OR_RETURN(p.since_id, params.GetId("since_id"));
  CW_ASSIGN_OR_RETURN(p.min_id, params.GetId("min_id"));
  CW_ASSIGN_OR_RETURN(p.limit, params.GetInt("limit", services.limits.page_default, 1,
                                             services.limits.page_max));
  return p;
}

namespace {
// Only plain word values are echoed into the header.
bool IsWord(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}
}  // namespace

std::string SafeHost(const HttpRequest& request) {
  std::string host = request.Header("host");
  if (host.size() > 255) return "";
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != ':' && c != '-' &&
        c != '[' && c != ']') {
      return "";
    }
  }
  return host;
}

void AddLinkHeader(const Call& call, const std::vector<Id>& ids, Reply* reply) {
  if (ids.empty()) return;
  std::string host = SafeHost(call.request);
  std::string base = (host.empty() ? std::string() : "http://" + host) + call.request.path;
  std::string keep;
  for (const char* key : {"limit", "exclude_reblogs", "requests"}) {
    auto v = call.params.Get(key);
    if (v && IsWord(*v)) keep += std::string("&") + key + "=" + *v;
  }
  for (const char* key : {"types", "exclude_types"}) {
    std::set<std::string> names;  // known type names only, each once: the header stays small
    for (const auto& t : call.params.GetAll(key)) {
      if (IsWord(t) && ParseNotificationType(t) && names.size() < 16) names.insert(t);
    }
    for (const auto& t : names) keep += std::string("&") + key + "[]=" + t;
  }
  std::string link = "<" + base + "?max_id=" + std::to_string(ids.back()) + keep +
                     ">; rel=\"next\", <" + base + "?min_id=" + std::to_string(ids.front()) +
                     keep + ">; rel=\"prev\"";
  reply->headers.emplace_back("Link", link);
}

}  // namespace cw::api
