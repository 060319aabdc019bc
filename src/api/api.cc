#include "api/api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <set>

#include "api/home_pages.h"
#include "common/log.h"

namespace cw::api {
namespace json = boost::json;

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](const std::string& a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (trusted_proxies.empty() || !trusted(request.remote_ip)) return request.remote_ip;
  // Walk the chain from the nearest hop back; the first address a trusted proxy did not add
  // itself is the client (anything further left is whatever the client claimed).
  std::string chain = request.Header("x-forwarded-for");
  size_t end = chain.size();
  while (end > 0) {
    size_t comma = chain.rfind(',', end - 1);
    size_t start = comma == std::string::npos ? 0 : comma + 1;
    std::string hop = chain.substr(start, end - start);
    hop.erase(0, hop.find_first_not_of(" \t"));
    hop.erase(hop.find_last_not_of(" \t") + 1);
    if (!hop.empty() && hop.size() <= 64 && !trusted(hop)) return hop;
    if (comma == std::string::npos) break;
    end = comma;
  }
  return request.remote_ip;
}

namespace {
HttpResponse ErrorResponse(const Error& e) {
  HttpResponse r;
  r.status = HttpStatusFor(e.code());
  // Internal details stay in the log; the client gets the safe message.
  std::string message = e.code() == ErrorCode::kInternal ? "internal error" : e.message();
  r.body = json::serialize(json::object{{"error", message}, {"code", ErrorCodeName(e.code())}});
  if (e.code() == ErrorCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return r;
}

void AddRateHeaders(const RateDecision& d, std::vector<std::pair<std::string, std::string>>* h) {
  h->emplace_back("X-RateLimit-Limit", std::to_string(d.limit));
  h->emplace_back("X-RateLimit-Remaining", std::to_string(d.remaining));
  // Mastodon's form: when the full budget is back, as an ISO 8601 time.
  h->emplace_back("X-RateLimit-Reset", FormatIsoTime(d.reset_at));
  if (!d.allowed) {
    h->emplace_back("Retry-After", std::to_string(std::max<TimeMs>(1, (d.retry_after_ms + 999) / 1000)));
  }
}

const char* ActionNoun(RateAction a) {
  switch (a) {
    case RateAction::kPost: return "posts";
    case RateAction::kForward: return "forwards";
    case RateAction::kComment: return "comments";
    case RateAction::kFollow: return "follows";
    case RateAction::kLike: return "likes";
    case RateAction::kMessage: return "messages";
    case RateAction::kSignup: return "sign-ups from this address";
    case RateAction::kNone: break;
  }
  return "requests";
}
}  // namespace

Api::Api(Services services, const std::string& web_root)
    : services_(std::move(services)), router_(BuildRouter()), web_(web_root) {}

HttpResponse Api::Dispatch(HttpRequest& request, std::string* route_name) {
  if (request.method == "GET" && request.path == "/metrics") {
    *route_name = "/metrics";
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.Render();
    if (services_.home_pages) {
      auto st = services_.home_pages->stats();
      r.body += "# HELP clearwater_home_pages_total Home timeline reads by whether a kept page was served.\n"
                "# TYPE clearwater_home_pages_total counter\n"
                "clearwater_home_pages_total{result=\"kept\"} " + std::to_string(st.hits) + "\n"
                "clearwater_home_pages_total{result=\"built\"} " + std::to_string(st.misses) + "\n";
    }
    return r;
  }
  Router::Match m = router_.Find(request.method, request.path);
  if (!m.route && request.method == "GET" &&
      request.path.rfind("/api/", 0) != 0 && request.path.rfind("/oauth/", 0) != 0) {
    if (auto file = web_.Serve(request.path)) {
      *route_name = "web";
      return *file;
    }
  }
  if (!m.route) {
    *route_name = "unmatched";
    if (!m.allow.empty()) {
      HttpResponse r;
      r.status = 405;
      r.body = R"({"error":"method not allowed","code":"method_not_allowed"})";
      r.headers.emplace_back("Allow", m.allow);
      return r;
    }
    return ErrorResponse(NotFound("no such endpoint"));
  }
  *route_name = m.route->pattern;
  auto params = Params::Parse(request);
  if (!params.ok()) return ErrorResponse(params.error());
  Call call{request, std::move(params).value(), services_, std::nullopt};
  call.params.path = std::move(m.params);
  std::string auth = request.Header("authorization");
  if (!auth.empty()) {
    if (auth.size() < 8 || (auth.compare(0, 7, "Bearer ") != 0 && auth.compare(0, 7, "bearer ") != 0)) {
      return ErrorResponse(Unauthenticated("the Authorization header must be 'Bearer TOKEN'"));
    }
    auto who = services_.accounts->Authenticate(auth.substr(7));
    if (!who.ok()) return ErrorResponse(who.error());
    call.auth = std::move(who).value();
  }
  return RunLimited(*m.route, call);
}

HttpResponse Api::RunLimited(const Route& route, Call& call) {
  const HttpRequest& request = call.request;
  // Sign-ups are counted per client address, everything else per account; anonymous calls to
  // an account's action fail authentication in the handler and are not counted.
  std::string key;
  if (route.action == RateAction::kSignup) {
    key = std::string("signup:") + request.remote_ip;
  } else if (route.action != RateAction::kNone && call.auth) {
    key = std::string(RateActionName(route.action)) + ":" + std::to_string(call.auth->account->id);
  }
  const std::vector<RateRule>& rules = services_.rate_limits[route.action];
  std::optional<RateDecision> rate;
  if (!key.empty() && services_.rate_limiter) rate = services_.rate_limiter->Acquire(key, rules);
  if (rate && !rate->allowed) {
    TimeMs seconds = std::max<TimeMs>(1, (rate->retry_after_ms + 999) / 1000);
    HttpResponse r = ErrorResponse(Error(
        ErrorCode::kRateLimited, std::string("too many ") + ActionNoun(route.action) +
                                     ": try again in " + std::to_string(seconds) + " s"));
    AddRateHeaders(*rate, &r.headers);
    return r;
  }
  HttpResponse r = Run(route, call);
  if (rate) {
    // A request that failed did nothing, so it gives its budget back; its headers still show
    // what was left before it.
    if (r.status >= 400) {
      services_.rate_limiter->Refund(key, rules);
      rate->remaining = std::min(rate->limit, rate->remaining + 1);
    }
    AddRateHeaders(*rate, &r.headers);
  }
  return r;
}

HttpResponse Api::Run(const Route& route, Call& call) {
  const HttpRequest& request = call.request;
  Result<Reply> reply = route.handler(call);
  if (!reply.ok()) {
    if (reply.error().code() == ErrorCode::kInternal) {
      CW_LOG(kError, request.request_id) << request.method << " " << request.path << ": "
                                         << reply.error().message();
    }
    return ErrorResponse(reply.error());
  }
  HttpResponse r;
  r.status = reply->status;
  r.headers = std::move(reply->headers);
  if (!reply->content_type.empty()) {
    r.content_type = reply->content_type;
    r.body = std::move(reply->raw);
    r.shared_body = std::move(reply->shared_raw);
  } else {
    r.body = json::serialize(reply->body);
  }
  return r;
}

bool Api::IsQuick(const HttpRequest& request) const {
  if (request.method != "GET") return false;
  Router::Match m = router_.Find(request.method, request.path);
  return m.route && m.route->quick;
}

HttpResponse Api::Handle(HttpRequest& request) {
  auto start = std::chrono::steady_clock::now();
  // From here on remote_ip is the client's address, whichever trusted proxies it came through.
  if (!services_.trusted_proxies.empty()) {
    request.remote_ip = ClientAddress(request, services_.trusted_proxies);
  }
  std::string route;
  HttpResponse r = Dispatch(request, &route);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Methods are client-chosen: only the known ones get their own series.
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  metrics_.Observe(kMethods.count(request.method) ? request.method : "OTHER", route, r.status,
                   seconds);
  CW_LOG(kInfo, request.request_id) << request.method << " " << request.path << " " << r.status
                                    << " " << static_cast<int>(seconds * 1e6) << "us";
  return r;
}

}  // namespace cw::api
