#include "app/config.h"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <thread>
#include <toml++/toml.h>

namespace cw {
namespace {

struct Option {
  const char* name;  // flag name without "--"
  const char* help;
  bool is_switch;    // takes no value on the command line
  std::function<Status(ServeConfig&, const std::string&)> set;
};

Result<long long> ToInt(const std::string& name, const std::string& v, long long lo, long long hi) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || ptr != v.data() + v.size() || n < lo || n > hi) {
    return InvalidArgument(name + " must be an integer in [" + std::to_string(lo) + ", " +
                           std::to_string(hi) + "], got '" + v + "'");
  }
  return n;
}

#define CW_INT_OPTION(NAME, HELP, EXPR, LO, HI)                                        \
  Option {                                                                              \
    NAME, HELP, false, [](ServeConfig& c, const std::string& v) -> Status {             \
      CW_ASSIGN_OR_RETURN(long long n, ToInt(NAME, v, LO, HI));                         \
      EXPR = static_cast<std::remove_reference_t<decltype(EXPR)>>(n);                   \
      return OkStatus();                                                                \
    }                                                                                   \
  }

// Per-account (per-address for sign-ups) limits of one action, as "N/window,...".
#define CW_RATE_OPTION(NAME, ACTION, DEFAULT)                                                  \
  Option {                                                                                      \
    NAME, "limits as N/window, comma-separated, units s m h d, or off (default " DEFAULT ")",   \
        false, [](ServeConfig& c, const std::string& v) -> Status {                             \
          auto rules = ParseRateRules(v);                                                       \
          if (!rules.ok()) return InvalidArgument(std::string(NAME) + ": " + rules.error().message()); \
          c.platform.rate_limits[RateAction::ACTION] = std::move(rules).value();                 \
          return OkStatus();                                                                    \
        }                                                                                       \
  }

const std::vector<Option>& Options() {
  static const std::vector<Option> kOptions = {
      {"listen", "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         size_t colon = v.rfind(':');
         if (colon == std::string::npos || colon == 0) {
           return InvalidArgument("listen must be HOST:PORT, got '" + v + "'");
         }
         CW_ASSIGN_OR_RETURN(long long port, ToInt("listen port", v.substr(colon + 1), 0, 65535));
         c.http.host = v.substr(0, colon);
         c.http.port = static_cast<uint16_t>(port);
         return OkStatus();
       }},
      {"data", "data directory (default ./data)", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v.empty()) return InvalidArgument("data must not be empty");
         c.platform.data_dir = v;
         return OkStatus();
       }},
      CW_INT_OPTION("io-threads", "threads for network I/O (default: cores)", c.http.io_threads, 1, 64),
      CW_INT_OPTION("workers",
                    "threads running the handlers of reads (GET, HEAD, OPTIONS) (default: 8 x "
                    "cores, at least 64)",
                    c.http.worker_threads, 1, 512),
      CW_INT_OPTION("write-workers",
                    "threads running the handlers of writes, which wait on group commits "
                    "(default: 16 x cores, at least 128)",
                    c.http.write_worker_threads, 1, 1024),
      CW_INT_OPTION("body-limit", "largest request body in bytes (default 1048576)", c.http.body_limit,
                    1024, 64LL << 20),
      CW_INT_OPTION("integrity-scan-every",
                    "seconds between integrity scans (zombie farms, water armies, spam bots); 0: "
                    "never (default 21600)",
                    c.integrity_scan_every_s, 0, 365LL * 24 * 3600),
      CW_INT_OPTION("monitor-check-every",
                    "seconds between brand monitors' burst checks; 0: never (default 60)",
                    c.platform.monitors.check_every_s, 0, 24LL * 3600),
      CW_INT_OPTION("monitor-interval",
                    "seconds in the interval a monitor's burst is judged over, also its alert "
                    "cooldown (default 3600)",
                    c.platform.monitors.interval_s, 10, 7LL * 24 * 3600),
      CW_INT_OPTION("analytics-graph-max-age",
                    "seconds before the social graph behind KOL discovery and seeding is reloaded; "
                    "0: for every request (default 600)",
                    c.influence.graph_max_age, 0, 7 * 24 * 3600),
      CW_INT_OPTION("seeding-threads", "threads of a campaign seeding run (default 1)",
                    c.influence.seeding_threads, 1, 64),
      CW_INT_OPTION("read-connections", "SQLite reader connections (default 4)",
                    c.platform.read_connections, 1, 64),
      CW_INT_OPTION("node-id", "node id in generated ids, 0-1023 (default 0)", c.platform.node_id, 0,
                    1023),
      CW_INT_OPTION("post-chars", "code points in a post (default 140)", c.platform.limits.post_chars, 1,
                    100000),
      CW_INT_OPTION("long-post-chars", "code points in a long post (default 2000)",
                    c.platform.limits.long_post_chars, 1, 100000),
      CW_INT_OPTION("comment-chars", "code points in a comment (default 140)",
                    c.platform.limits.comment_chars, 1, 100000),
      CW_INT_OPTION("message-chars", "code points in a private message (default 2000)",
                    c.platform.limits.message_chars, 1, 100000),
      CW_INT_OPTION("max-groups", "followee groups per account (default 20)", c.platform.limits.max_groups,
                    1, 1000),
      CW_INT_OPTION("max-group-members", "accounts per followee group (default 200)",
                    c.platform.limits.max_group_members, 1, 100000),
      CW_INT_OPTION("timeline-length", "posts kept per cached home timeline (default 800)",
                    c.platform.timeline.max_length, 20, 100000),
      CW_INT_OPTION("timeline-lists", "home timelines kept in memory (default 100000)",
                    c.platform.timeline.max_lists, 1, 100000000),
      CW_INT_OPTION("home-pages", "whole home-timeline pages kept for reuse, about 20 kB each; 0: none (default 10000)",
                    c.home_pages, 0, 10000000),
      CW_INT_OPTION("big-v-threshold", "fans above which an author's posts are pulled, not pushed (default 10000)",
                    c.platform.timeline.big_v_threshold, 1, 1000000000),
      CW_INT_OPTION("page-max", "largest page of a list (default 40)", c.platform.limits.page_max, 1, 200),
      {"password-cost", "Argon2id cost: interactive (default), moderate, or min (tests only)", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v == "min") {
           c.platform.password_cost = PasswordCost::kMin;
         } else if (v == "interactive") {
           c.platform.password_cost = PasswordCost::kInteractive;
         } else if (v == "moderate") {
           c.platform.password_cost = PasswordCost::kModerate;
         } else {
           return InvalidArgument("password-cost must be min, interactive or moderate");
         }
         return OkStatus();
       }},
      {"sync", "SQLite durability: full (fsync every group commit, default) or normal", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v != "full" && v != "normal") return InvalidArgument("sync must be full or normal");
         c.platform.synchronous_full = v == "full";
         return OkStatus();
       }},
      {"read-mmap",
       "read connections map the database file: on (default; best when little is written) or "
       "off (best under steady writes, which make SQLite unmap it after every commit)",
       false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v != "on" && v != "off") return InvalidArgument("read-mmap must be on or off");
         c.platform.read_mmap = v == "on";
         return OkStatus();
       }},
      CW_RATE_OPTION("rate-posts", kPost, "30/10m,300/1d"),
      CW_RATE_OPTION("rate-forwards", kForward, "60/10m,600/1d"),
      CW_RATE_OPTION("rate-comments", kComment, "60/10m,600/1d"),
      CW_RATE_OPTION("rate-follows", kFollow, "100/1h,1000/1d"),
      CW_RATE_OPTION("rate-likes", kLike, "300/1h,3000/1d"),
      CW_RATE_OPTION("rate-messages", kMessage, "60/10m,1000/1d"),
      CW_RATE_OPTION("rate-signups", kSignup, "5/1h,20/1d"),
      {"rate-limits", "on (default) or off: off lifts every rate limit (load tests)", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v != "on" && v != "off") return InvalidArgument("rate-limits must be on or off");
         c.platform.rate_limits_on = v == "on";
         return OkStatus();
       }},
      {"signup-mode", "open (default), approval (a moderator approves each sign-up) or invite", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         auto mode = ParseSignupMode(v);
         if (!mode) return InvalidArgument("signup-mode must be open, approval or invite");
         c.platform.signup_mode = *mode;
         return OkStatus();
       }},
      CW_INT_OPTION("signup-pow-bits",
                    "leading zero bits of the sign-up proof-of-work challenge (default 18; 0: off)",
                    c.platform.signup_pow_bits, 0, 32),
      {"trusted-proxies",
       "comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (default: none)",
       false,
       [](ServeConfig& c, const std::string& v) -> Status {
         c.trusted_proxies.clear();
         size_t pos = 0;
         while (pos <= v.size()) {
           size_t end = v.find(',', pos);
           if (end == std::string::npos) end = v.size();
           std::string a = v.substr(pos, end - pos);
           a.erase(0, a.find_first_not_of(' '));
           a.erase(a.find_last_not_of(' ') + 1);
           if (!a.empty()) c.trusted_proxies.push_back(a);
           pos = end + 1;
         }
         return OkStatus();
       }},
      {"log-level", "debug, info (default), warn or error", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v == "debug") {
           c.log_level = log::Level::kDebug;
         } else if (v == "info") {
           c.log_level = log::Level::kInfo;
         } else if (v == "warn") {
           c.log_level = log::Level::kWarn;
         } else if (v == "error") {
           c.log_level = log::Level::kError;
         } else {
           return InvalidArgument("log-level must be debug, info, warn or error");
         }
         return OkStatus();
       }},
      {"web", "directory of the built web UI served at / (default web/dist; empty: none)", false,
       [](ServeConfig& c, const std::string& v) -> Status {
         c.web_root = v;
         return OkStatus();
       }},
      {"monitor-webhook-private",
       "let monitor webhooks reach loopback, private and link-local addresses (off by default: "
       "a member could otherwise make the server call an internal service)",
       true,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v == "true" || v == "1" || v.empty()) {
           c.platform.monitor_webhook_private = true;
         } else if (v == "false" || v == "0") {
           c.platform.monitor_webhook_private = false;
         } else {
           return InvalidArgument("monitor-webhook-private must be true or false");
         }
         return OkStatus();
       }},
      {"demo", "seed demo accounts and posts unless they are there already", true,
       [](ServeConfig& c, const std::string& v) -> Status {
         if (v == "true" || v == "1" || v.empty()) {
           c.demo = true;
         } else if (v == "false" || v == "0") {
           c.demo = false;
         } else {
           return InvalidArgument("demo must be true or false");
         }
         return OkStatus();
       }},
  };
  return kOptions;
}

const Option* FindOption(const std::string& name) {
  for (const auto& o : Options()) {
    if (name == o.name) return &o;
  }
  return nullptr;
}

std::string Dashed(std::string s) {
  for (char& c : s) {
    if (c == '_') c = '-';
  }
  return s;
}

Status ApplyToml(ServeConfig& c, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return InvalidArgument("config " + path + ": " + std::string(e.description()));
  }
  std::function<Status(const toml::table&)> walk = [&](const toml::table& t) -> Status {
    for (const auto& [key, node] : t) {
      if (const toml::table* sub = node.as_table()) {
        CW_RETURN_IF_ERROR(walk(*sub));
        continue;
      }
      std::string name = Dashed(std::string(key.str()));
      const Option* o = FindOption(name);
      if (!o) return InvalidArgument("config " + path + ": unknown option '" + std::string(key.str()) + "'");
      std::string value;
      if (auto s = node.value<std::string>()) {
        value = *s;
      } else if (auto i = node.value<int64_t>()) {
        value = std::to_string(*i);
      } else if (auto b = node.value<bool>()) {
        value = *b ? "true" : "false";
      } else {
        return InvalidArgument("config " + path + ": '" + name + "' must be a string, integer or boolean");
      }
      CW_RETURN_IF_ERROR(o->set(c, value));
    }
    return OkStatus();
  };
  return walk(table);
}

}  // namespace

Result<ServeConfig> LoadServeConfig(const std::vector<std::string>& args) {
  ServeConfig c;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  c.http.io_threads = static_cast<int>(cores);
  // Handlers block: a read on a read connection, a write on its group commit and then its fsync.
  // Writes wait longest, and the more of them wait together, the more each commit carries; reads
  // are mostly CPU-bound rendering, which takes its turn on the cores however many threads wait.
  c.http.worker_threads = static_cast<int>(std::max(64u, cores * 8));
  c.http.write_worker_threads = static_cast<int>(std::max(128u, cores * 16));
  c.platform.read_connections = static_cast<int>(std::max(4u, cores * 2));

  // The config file comes first, wherever --config appears.
  std::string config_path;
  if (const char* env = std::getenv("CLEARWATER_CONFIG")) config_path = env;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_path = args[i + 1];
    if (args[i].rfind("--config=", 0) == 0) config_path = args[i].substr(9);
  }
  if (!config_path.empty()) CW_RETURN_IF_ERROR(ApplyToml(c, config_path));

  for (const auto& o : Options()) {
    std::string env = "CLEARWATER_";
    for (const char* p = o.name; *p; ++p) env += *p == '-' ? '_' : static_cast<char>(std::toupper(*p));
    if (const char* v = std::getenv(env.c_str())) CW_RETURN_IF_ERROR(o.set(c, v));
  }

  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (a.rfind("--", 0) != 0) return InvalidArgument("unexpected argument '" + a + "'");
    a = a.substr(2);
    std::string value;
    bool has_value = false;
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_value = true;
    }
    if (a == "config") {
      if (!has_value) ++i;
      continue;
    }
    const Option* o = FindOption(a);
    if (!o) return InvalidArgument("unknown option --" + a + " (see clearwater serve --help)");
    if (!has_value && !o->is_switch) {
      if (i + 1 >= args.size()) return InvalidArgument("--" + a + " needs a value");
      value = args[++i];
    }
    CW_RETURN_IF_ERROR(o->set(c, value));
  }
  return c;
}

std::string ServeOptionsHelp() {
  std::string out = "  --config FILE          a TOML file with any of the options below\n";
  for (const auto& o : Options()) {
    std::string flag = std::string("  --") + o.name + (o.is_switch ? "" : " V");
    if (flag.size() < 25) flag.resize(25, ' ');
    out += flag + o.help + "\n";
  }
  return out;
}

}  // namespace cw
