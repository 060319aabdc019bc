// Serves the built web UI (web/dist) for every GET that is not an API path, with the single-page
// app fallback: unknown paths without a file extension get index.html. Thread-safe (read-only).
#pragma once

#include <optional>
#include <string>

#include "api/http.h"

namespace cw::api {

class StaticFiles {
 public:
  // `root` may be empty or missing: then nothing is served.
  explicit StaticFiles(std::string root);
  bool enabled() const { return !root_.empty(); }
  // The response for `path`, or nullopt when the UI has nothing there.
  std::optional<HttpResponse> Serve(const std::string& path) const;

 private:
  std::optional<HttpResponse> ReadFile(const std::string& relative) const;
  std::string root_;
};

}  // namespace cw::api
