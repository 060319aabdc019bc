// The API front door: routing, authentication, parameter parsing, error-to-status mapping,
// access logs and metrics around the handlers. Thread-safe; one instance serves all requests.
#pragma once

#include "api/call.h"
#include "api/http.h"
#include "api/metrics.h"
#include "api/router.h"
#include "api/static_files.h"

namespace cw::api {

// The one mapping from error codes to HTTP statuses.
int HttpStatusFor(ErrorCode code);

// The client's address: the peer's, or — when the peer is one of `trusted_proxies` — the
// nearest X-Forwarded-For entry that is not a trusted proxy itself.
std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies);

class Api {
 public:
  // `web_root`: the built UI to serve at / (empty: none).
  Api(Services services, const std::string& web_root);
  HttpResponse Handle(HttpRequest& request);
  // Whether the request's route is quick (see Route::quick).
  bool IsQuick(const HttpRequest& request) const;
  Metrics& metrics() { return metrics_; }

 private:
  HttpResponse Dispatch(HttpRequest& request, std::string* route_name);
  // Runs the route's handler under its rate limit (if it has one).
  HttpResponse RunLimited(const Route& route, Call& call);
  HttpResponse Run(const Route& route, Call& call);
  Services services_;
  Router router_;
  Metrics metrics_;
  StaticFiles web_;
};

}  // namespace cw::api
