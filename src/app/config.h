// `clearwater serve` settings from defaults, a TOML file (--config), CLEARWATER_* environment
// variables and flags, in rising precedence. Every option has one name used in all three:
// flag --body-limit, environment CLEARWATER_BODY_LIMIT, TOML body_limit (top level or in any
// table). Not thread-safe; built once at start-up.
#pragma once

#include <string>
#include <vector>

#include "api/http_server.h"
#include "app/platform.h"
#include "service/influence_service.h"
#include "common/log.h"
#include "common/result.h"

namespace cw {

struct ServeConfig {
  api::HttpServerOptions http;
  PlatformOptions platform;
  log::Level log_level = log::Level::kInfo;
  bool demo = false;  // seed demo content into an empty store
  int64_t integrity_scan_every_s = 6 * 3600;  // the periodic integrity scan; 0: never
  InfluenceServiceOptions influence;  // KOL discovery and campaign seeding
  size_t home_pages = 10'000;  // whole home-timeline pages kept (api/home_pages.h); 0: none
  std::string web_root = "web/dist";  // the built UI served at /
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
};

// Parses `args` (after "serve"); reads the environment and the --config file.
Result<ServeConfig> LoadServeConfig(const std::vector<std::string>& args);
// One line per option, for --help.
std::string ServeOptionsHelp();

}  // namespace cw
