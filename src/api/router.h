// Maps (method, path) to a handler. Patterns are literal segments and ":name" parameters; a
// literal segment beats a parameter ("/accounts/lookup" over "/accounts/:id"). Built once at
// start-up, then read-only and thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "api/call.h"
#include "service/rate_limiter.h"

namespace cw::api {

struct Route {
  std::string method;
  std::string pattern;
  Handler handler = nullptr;
  std::vector<std::string> segments;
  // The rate-limited action the route performs (Api applies the limit), or kNone.
  RateAction action = RateAction::kNone;
  // Answered from memory (store reads only when a cache is cold): the server runs it on the I/O
  // thread that read the request instead of handing it to a worker.
  bool quick = false;
};

class Router {
 public:
  // Returns the new route (valid until the next Add), e.g. to mark it quick.
  Route& Add(std::string method, std::string pattern, Handler handler,
             RateAction action = RateAction::kNone);
  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::string allow;  // when the path exists with other methods only: them, for 405's Allow
  };
  Match Find(const std::string& method, const std::string& path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// The whole API in one table (routes.cc).
Router BuildRouter();

}  // namespace cw::api
