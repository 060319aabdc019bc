// clearwater: the one binary. `serve` runs the server; `admin` changes accounts directly in the
// store (it can run beside a live server: SQLite serialises the writes).
#include <sys/resource.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "analytics/cascade.h"
#include "api/api.h"
#include "api/http_server.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/platform.h"
#include "common/log.h"
#include "world/ced.h"
#include "world/generator.h"
#include "world/importer.h"

namespace cw {
namespace {

constexpr const char* kVersion = "0.1.0";

int Fail(const std::string& message) {
  std::fprintf(stderr, "clearwater: %s\n", message.c_str());
  return 2;
}

int Usage() {
  std::printf(
      "usage:\n"
      "  clearwater serve [options]            run the server (see: clearwater serve --help)\n"
      "  clearwater admin COMMAND [options]    manage accounts (see: clearwater admin --help)\n"
      "  clearwater gen --accounts N --seed S --out FILE\n"
      "      [--adversaries standard|none] [--zombies N] [--water-army N] [--spam-bots N]\n"
      "      [--labels FILE]                   write a generated world (JSONL), with adversaries\n"
      "                                        and their ground truth on request (standard: 3%%\n"
      "                                        zombies, 1%% water army, 0.5%% spam bots)\n"
      "  clearwater import world FILE --data DIR\n"
      "                                        bulk-load a world file\n"
      "  clearwater import ced DIR --data DIR [--skip-if-imported]\n"
      "                                        import real Weibo cascades (the CED layout)\n"
      "  clearwater integrity scan --data DIR [--json FILE] [--dry-run] [--fraudar-only]\n"
      "                                        find zombie farms, water armies and spam bots\n"
      "  clearwater analytics cascade --data DIR --post ID --json FILE\n"
      "                                        a post's cascade: size, depth, breadth, exposure,\n"
      "                                        real size, key spreaders (ID: id or external id)\n"
      "  clearwater version\n");
  return 2;
}

// Runs the integrity scan every `every_s` seconds on a thread of its own (the first one after
// one interval, so a restart does not rescan at once).
class PeriodicScan {
 public:
  PeriodicScan(IntegrityService* integrity, int64_t every_s) {
    if (every_s <= 0) return;
    thread_ = std::thread([this, integrity, every_s] {
      std::unique_lock lock(mu_);
      while (!cv_.wait_for(lock, std::chrono::seconds(every_s), [this] { return stop_; })) {
        lock.unlock();
        auto report = integrity->Scan(IntegrityScanOptions{}, nullptr);
        if (report.ok()) {
          CW_LOG(kInfo, "") << "integrity scan: " << report->Summary();
        } else {
          CW_LOG(kWarn, "") << "integrity scan failed: " << report.error().message();
        }
        lock.lock();
      }
    });
  }
  ~PeriodicScan() { Stop(); }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

int Serve(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::printf("usage: clearwater serve [options]\n%s", ServeOptionsHelp().c_str());
      return 0;
    }
  }
  auto config = LoadServeConfig(args);
  if (!config.ok()) return Fail(config.error().message());
  log::SetLevel(config->log_level);
  auto platform = Platform::Open(config->platform);
  if (!platform.ok()) return Fail(platform.error().message());
  Platform& p = **platform;
  if (config->demo) {
    Status st = SeedDemo(p);
    if (!st.ok()) return Fail("demo content: " + st.error().message());
  }
  api::Services services{&p.accounts(), &p.relations(), &p.posts(),        &p.comments(),
                         &p.messages(), &p.notifications(), config->platform.limits, kVersion};
  services.search = &p.search();
  services.topics = &p.topics();
  services.moderation = &p.moderation();
  services.analytics = &p.analytics();
  services.integrity = &p.integrity();
  services.signup = &p.signup();
  services.rate_limiter = p.rate_limiter();
  services.rate_limits = p.rate_limits();
  services.trusted_proxies = config->trusted_proxies;
  // Hot search starts from the recent public posts in the store; the indexer then feeds it.
  if (Status st = p.hot().Rebuild(&p.store()); !st.ok()) {
    return Fail("hot search: " + st.error().message());
  }
  // Search indexing runs beside the server; it first catches up with anything queued (an import).
  p.search_indexer().Start();
  api::Api api(services, config->web_root);
  api::HttpServer server(config->http, [&api](api::HttpRequest& r) { return api.Handle(r); });
  auto port = server.Start();
  if (!port.ok()) return Fail(port.error().message());
  server.StopOnSignals();
  std::printf("listening on %s:%u\n", config->http.host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  CW_LOG(kInfo, "") << "clearwater " << kVersion << " serving on " << config->http.host << ":"
                    << *port << " with data in " << config->platform.data_dir;
  PeriodicScan scans(&p.integrity(), config->integrity_scan_every_s);
  server.Run();
  scans.Stop();
  p.search_indexer().Stop();
  p.store().Close();
  CW_LOG(kInfo, "") << "stopped cleanly";
  return 0;
}

// --name value pairs after the admin command.
Result<std::map<std::string, std::string>> ParsePairs(const std::vector<std::string>& args) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) return InvalidArgument("unexpected argument '" + args[i] + "'");
    std::string name = args[i].substr(2);
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      out[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      out[name] = args[++i];
    } else {
      return InvalidArgument("--" + name + " needs a value");
    }
  }
  return out;
}

int AdminUsage() {
  std::printf(
      "usage: clearwater admin COMMAND --data DIR [options]\n"
      "  create-account   --username U --password P [--display-name N] [--email E]\n"
      "                   [--kind personal|enterprise] [--role member|moderator|admin]\n"
      "  set-role         --username U --role member|moderator|admin\n"
      "  set-verification --username U --type none|personal|institutional --reason TEXT\n"
      "                   (personal = orange V, institutional = blue V)\n"
      "  suspend          --username U\n"
      "  unsuspend        --username U\n"
      "  issue-tokens     --count N --out FILE [--seed S]\n"
      "                   bearer tokens for N random accounts, one 'token account_id' per line\n"
      "                   (for load tests against imported worlds, whose accounts have no password)\n");
  return 2;
}

int Admin(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") return AdminUsage();
  std::string command = args[0];
  auto pairs = ParsePairs({args.begin() + 1, args.end()});
  if (!pairs.ok()) return Fail(pairs.error().message());
  auto& kv = *pairs;
  auto get = [&](const char* k) { return kv.count(k) ? kv[k] : std::string(); };
  PlatformOptions options;
  if (!get("data").empty()) options.data_dir = get("data");
  log::SetLevel(log::Level::kWarn);
  auto platform = Platform::Open(options);
  if (!platform.ok()) return Fail(platform.error().message());
  Platform& p = **platform;

  auto print = [](const Account& a) {
    std::printf("@%s id=%lld role=%s verification=%s state=%s\n", a.handle.c_str(),
                static_cast<long long>(a.id), RoleName(a.role), VerificationName(a.verification),
                AccountStateName(a.state));
    return 0;
  };
  if (command == "create-account") {
    Registration r;
    r.handle = get("username");
    r.password = get("password");
    r.display_name = get("display-name");
    r.email = get("email");
    r.kind = get("kind").empty() ? "personal" : get("kind");
    auto a = p.accounts().CreateAccount(r);
    if (!a.ok()) return Fail(a.error().message());
    if (!get("role").empty()) {
      a = p.accounts().SetRole(nullptr, a->id, get("role"));
      if (!a.ok()) return Fail(a.error().message());
    }
    return print(*a);
  }
  if (command == "issue-tokens") {
    int64_t count = 0;
    uint64_t seed = 1;
    try {
      count = std::stoll(get("count"));
      if (!get("seed").empty()) seed = std::stoull(get("seed"));
    } catch (const std::exception&) {
      return Fail("--count takes a number");
    }
    auto total = p.store().accounts().CountAccounts();
    if (!total.ok() || *total == 0) return Fail("the store has no accounts");
    std::ofstream out(get("out"), std::ios::trunc);
    if (!out) return Fail("cannot write " + get("out"));
    // A random sample: ids are time-ordered, so a page of accounts just older than a random
    // point between the first and the last id samples accounts across the store.
    std::mt19937_64 rng(seed);
    Page newest;
    newest.limit = 1;
    auto last = p.store().accounts().ListAccounts(newest);
    newest.min_id = 1;
    auto first = p.store().accounts().ListAccounts(newest);
    if (!last.ok() || !first.ok() || last->empty() || first->empty()) return Fail("no accounts");
    Id lo = first->front().id, hi = last->front().id + 1;
    int64_t written = 0;
    std::set<Id> used;
    // Sessions are written a thousand to a commit: one fsync each would take minutes for 100k.
    std::vector<Account> chosen;
    for (int64_t attempt = 0; static_cast<int64_t>(chosen.size()) < count && attempt < count * 20;
         ++attempt) {
      Page page;
      page.limit = 1;
      page.max_id = lo + static_cast<Id>(rng() % static_cast<uint64_t>(hi - lo)) + 1;
      auto one = p.store().accounts().ListAccounts(page);
      if (!one.ok() || one->empty()) continue;
      const Account& a = one->front();
      if (a.state == AccountState::kSuspended || !used.insert(a.id).second) continue;
      chosen.push_back(a);
    }
    for (size_t begin = 0; begin < chosen.size(); begin += 1000) {
      std::vector<std::string> lines;
      Status st = p.store().Write([&]() -> Status {
        lines.clear();
        for (size_t i = begin; i < std::min(chosen.size(), begin + 1000); ++i) {
          CW_ASSIGN_OR_RETURN(auto token,
                              p.accounts().IssueToken(chosen[i], "clearwater admin issue-tokens"));
          lines.push_back(token.token + " " + std::to_string(chosen[i].id));
        }
        return OkStatus();
      });
      if (!st.ok()) return Fail(st.error().message());
      for (const auto& line : lines) out << line << "\n";
      written += static_cast<int64_t>(lines.size());
    }
    std::printf("wrote %lld tokens to %s\n", static_cast<long long>(written), get("out").c_str());
    return 0;
  }
  auto target = p.accounts().GetAccountByHandle(get("username"));
  if (!target.ok()) return Fail("no account @" + get("username"));
  Result<Account> result = target;
  if (command == "set-role") {
    result = p.accounts().SetRole(nullptr, target->id, get("role"));
  } else if (command == "set-verification") {
    result = p.accounts().SetVerification(nullptr, target->id, get("type"), get("reason"));
  } else if (command == "suspend" || command == "unsuspend") {
    result = p.accounts().SetSuspended(nullptr, target->id, command == "suspend");
  } else {
    return AdminUsage();
  }
  if (!result.ok()) return Fail(result.error().message());
  return print(*result);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int Gen(const std::vector<std::string>& args) {
  auto pairs = ParsePairs(args);
  if (!pairs.ok()) return Fail(pairs.error().message());
  auto& kv = *pairs;
  world::GeneratorOptions o;
  try {
    if (kv.count("accounts")) o.accounts = std::stoll(kv["accounts"]);
    if (kv.count("seed")) o.seed = std::stoull(kv["seed"]);
    if (kv.count("mean-following")) o.mean_following = std::stod(kv["mean-following"]);
    if (kv.count("mean-posts")) o.mean_posts = std::stod(kv["mean-posts"]);
    // The preset first, so explicit counts override it.
    if (kv.count("adversaries")) {
      Status st = world::ApplyAdversaryPreset(kv["adversaries"], &o);
      if (!st.ok()) return Fail(st.error().message());
    }
    if (kv.count("zombies")) o.zombies = std::stoll(kv["zombies"]);
    if (kv.count("water-army")) o.water_army = std::stoll(kv["water-army"]);
    if (kv.count("spam-bots")) o.spam_bots = std::stoll(kv["spam-bots"]);
  } catch (const std::exception&) {
    return Fail("--accounts, --seed, --mean-following, --mean-posts, --zombies, --water-army and "
                "--spam-bots take numbers");
  }
  if (!kv.count("out")) {
    return Fail("usage: clearwater gen --accounts N --seed S --out FILE [--adversaries standard]\n"
                "         [--zombies N] [--water-army N] [--spam-bots N] [--labels FILE]");
  }
  std::ofstream out(kv["out"], std::ios::binary | std::ios::trunc);
  if (!out) return Fail("cannot write " + kv["out"]);
  std::ofstream labels;
  if (kv.count("labels")) {
    labels.open(kv["labels"], std::ios::binary | std::ios::trunc);
    if (!labels) return Fail("cannot write " + kv["labels"]);
  }
  auto start = std::chrono::steady_clock::now();
  auto report = world::GenerateWorld(o, out, kv.count("labels") ? &labels : nullptr);
  out.close();
  labels.close();
  if (!report.ok()) return Fail(report.error().message());
  std::printf("generated %s in %.1f s: %s\n", kv["out"].c_str(), SecondsSince(start),
              report->Summary().c_str());
  return 0;
}

void PrintProblems(const world::ImportReport& report) {
  for (const auto& problem : report.first_problems) std::printf("skipped %s\n", problem.c_str());
  if (report.problems > static_cast<int64_t>(report.first_problems.size())) {
    std::printf("... and %lld more skipped\n",
                static_cast<long long>(report.problems -
                                       static_cast<int64_t>(report.first_problems.size())));
  }
}

// Imports queue their posts, comments and accounts for search; indexing them here, once, spares
// the first `serve` (and every copy of the data directory) the backlog.
int IndexImported(Platform& p) {
  auto start = std::chrono::steady_clock::now();
  // Big batches: FTS5 writes each transaction's terms as a segment, and fewer, larger segments
  // need less merging.
  search::IndexerOptions options;
  options.batch = 8192;
  search::SearchIndexer indexer(&p.store(), options);
  Status st = indexer.CatchUp([&](int64_t done, int64_t left) {
    std::fprintf(stderr, "\rsearch index: %lld done, %lld left, %.0f s",
                 static_cast<long long>(done), static_cast<long long>(left), SecondsSince(start));
  });
  std::fprintf(stderr, "\n");
  if (!st.ok()) return Fail("search indexing: " + st.error().message());
  std::printf("search index built in %.1f s\n", SecondsSince(start));
  return 0;
}

// Peak resident memory of this process so far, in MB (Linux: ru_maxrss is in KB).
double PeakMemoryMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

int Integrity(const std::vector<std::string>& args) {
  const char* usage =
      "usage: clearwater integrity scan --data DIR [--json FILE] [--dry-run] [--fraudar-only]\n"
      "  --json FILE     write per-account scores, labels and evidence, and the groups found\n"
      "  --dry-run       only report: no verdicts, counts or cases are written to the store\n"
      "  --fraudar-only  the baseline: a zombie is a fan in a FRAUDAR block, nothing else";
  if (args.empty() || args[0] != "scan") return Fail(usage);
  IntegrityScanOptions options;
  std::vector<std::string> rest;
  for (auto it = args.begin() + 1; it != args.end(); ++it) {
    if (*it == "--dry-run") {
      options.apply = false;
    } else if (*it == "--fraudar-only") {
      options.scan.fraudar_only = true;
    } else {
      rest.push_back(*it);
    }
  }
  auto pairs = ParsePairs(rest);
  if (!pairs.ok()) return Fail(pairs.error().message());
  if (!pairs->count("data")) return Fail(usage);
  PlatformOptions platform_options;
  platform_options.data_dir = (*pairs)["data"];
  std::ofstream json;
  if (pairs->count("json")) {
    json.open((*pairs)["json"], std::ios::binary | std::ios::trunc);
    if (!json) return Fail("cannot write " + (*pairs)["json"]);
  }
  log::SetLevel(log::Level::kWarn);
  auto platform = Platform::Open(platform_options);
  if (!platform.ok()) return Fail(platform.error().message());
  auto start = std::chrono::steady_clock::now();
  auto report = (*platform)->integrity().Scan(options, json.is_open() ? &json : nullptr);
  if (!report.ok()) return Fail("scan: " + report.error().message());
  json.close();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s\nscan finished in %.1f s, peak memory %.0f MB\n", report->Summary().c_str(),
              seconds, PeakMemoryMb());
  return 0;
}

// The post named on the command line: an id, or for imported posts the external id.
Result<Post> FindPost(Store& store, const std::string& name) {
  auto by_external = store.posts().GetPostByExternalId(name);
  if (by_external.ok() || by_external.error().code() != ErrorCode::kNotFound) return by_external;
  Id id = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size()) {
    return NotFound("no post has the external id " + name);
  }
  return store.posts().GetPostById(id);
}

int Analytics(const std::vector<std::string>& args) {
  const char* usage =
      "usage: clearwater analytics cascade --data DIR --post ID --json FILE\n"
      "  ID  a post id, or an imported post's external id; a forward names its root's cascade";
  if (args.empty() || args[0] != "cascade") return Fail(usage);
  auto pairs = ParsePairs({args.begin() + 1, args.end()});
  if (!pairs.ok()) return Fail(pairs.error().message());
  auto& kv = *pairs;
  if (!kv.count("data") || !kv.count("post") || !kv.count("json")) return Fail(usage);
  PlatformOptions options;
  options.data_dir = kv["data"];
  log::SetLevel(log::Level::kWarn);
  auto platform = Platform::Open(options);
  if (!platform.ok()) return Fail(platform.error().message());
  Store& store = (*platform)->store();
  auto start = std::chrono::steady_clock::now();

  auto post = FindPost(store, kv["post"]);
  if (!post.ok()) return Fail("post " + kv["post"] + ": " + post.error().message());
  if (post->is_forward()) {
    post = store.posts().GetPostById(post->root_id);
    if (!post.ok()) return Fail("the root of post " + kv["post"] + ": " + post.error().message());
  }
  constexpr int kMaxForwards = 1'000'000;
  auto forwards = store.posts().ListCascade(post->id, kMaxForwards);
  if (!forwards.ok()) return Fail("cascade: " + forwards.error().message());
  analytics::Cascade cascade{post->id, post->author_id, post->created_at, {}};
  cascade.forwards.reserve(forwards->size());
  for (const Post& f : *forwards) {
    cascade.forwards.push_back({f.id, f.author_id, f.parent_id, f.created_at});
  }
  // A store error while reading fans or accounts ends the run after the analysis (the callbacks
  // cannot return one).
  Status failure;
  auto fans = [&](Id account) {
    auto ids = store.relations().ListFanIds(account);
    if (!ids.ok()) {
      failure = ids.error();
      return std::vector<Id>{};
    }
    return std::move(*ids);
  };
  auto credible = [&](Id account) {
    auto a = store.accounts().GetAccountById(account);
    if (!a.ok()) {
      if (a.error().code() != ErrorCode::kNotFound) failure = a.error();
      return false;
    }
    return a->credible;
  };
  analytics::CascadeReport report = analytics::AnalyseCascade(cascade, fans, credible);
  if (!failure.ok()) return Fail("reading fans and accounts: " + failure.error().message());

  namespace json = boost::json;
  json::object out;
  out["post"] = json::object{{"id", post->id}, {"external_id", post->external_id}};
  out["size"] = report.shape.size;
  out["depth"] = report.shape.depth;
  json::array breadth;
  for (int64_t b : report.shape.breadth) breadth.push_back(b);
  out["breadth"] = std::move(breadth);
  out["exposure"] = report.exposure;
  out["exposure_exact"] = report.exposure_exact;
  out["real_size"] = report.real_size;
  constexpr size_t kTopSpreaders = 50;
  const size_t top = std::min(kTopSpreaders, report.spreaders.size());
  std::vector<Id> spreader_ids;
  for (size_t i = 0; i < top; ++i) spreader_ids.push_back(report.spreaders[i].account_id);
  auto accounts = store.accounts().GetAccountsByIds(spreader_ids);
  if (!accounts.ok()) return Fail("spreaders: " + accounts.error().message());
  std::map<Id, const Account*> by_id;
  for (const Account& a : *accounts) by_id[a.id] = &a;
  json::array spreaders;
  for (size_t i = 0; i < top; ++i) {
    const auto& s = report.spreaders[i];
    json::object o{{"account_id", s.account_id},
                   {"downstream", s.downstream},
                   {"new_exposure", s.new_exposure},
                   {"forwards", s.forwards}};
    auto it = by_id.find(s.account_id);
    o["handle"] = it == by_id.end() ? "" : it->second->handle;
    o["external_id"] = it == by_id.end() ? "" : it->second->external_id;
    spreaders.push_back(std::move(o));
  }
  out["spreaders"] = std::move(spreaders);
  json::array counts;
  for (int64_t c : report.curve.counts) counts.push_back(c);
  out["curve"] = json::object{{"interval_s", report.curve.interval_s}, {"counts", std::move(counts)}};
  const double seconds = SecondsSince(start);
  out["seconds"] = seconds;

  std::ofstream file(kv["json"], std::ios::binary | std::ios::trunc);
  file << json::serialize(out) << "\n";
  file.close();
  if (!file) return Fail("cannot write " + kv["json"]);
  std::printf("post %lld: size %lld, depth %d, exposure %lld%s, real size %lld; %.2f s\n",
              static_cast<long long>(post->id), static_cast<long long>(report.shape.size),
              report.shape.depth, static_cast<long long>(report.exposure),
              report.exposure_exact ? "" : " (estimated)",
              static_cast<long long>(report.real_size), seconds);
  return 0;
}

int Import(const std::vector<std::string>& args) {
  if (args.size() < 2 || (args[0] != "world" && args[0] != "ced")) {
    return Fail("usage: clearwater import world FILE --data DIR\n"
                "       clearwater import ced DIR --data DIR [--skip-if-imported]");
  }
  const bool ced = args[0] == "ced";
  std::string path = args[1];
  std::vector<std::string> rest;
  bool skip_if_imported = false;  // ced: for `make run`, which imports on its first run only
  for (auto it = args.begin() + 2; it != args.end(); ++it) {
    if (ced && *it == "--skip-if-imported") {
      skip_if_imported = true;
    } else {
      rest.push_back(*it);
    }
  }
  auto pairs = ParsePairs(rest);
  if (!pairs.ok()) return Fail(pairs.error().message());
  PlatformOptions options;
  if (pairs->count("data")) options.data_dir = (*pairs)["data"];
  std::ifstream in;
  std::error_code ec;
  uintmax_t size = 0;
  if (ced) {
    if (!std::filesystem::is_directory(path)) return Fail(path + " is not a directory");
  } else {
    in.open(path, std::ios::binary);
    if (!in) return Fail("cannot read " + path);
    size = std::filesystem::file_size(path, ec);
  }
  log::SetLevel(log::Level::kWarn);
  auto platform = Platform::Open(options);
  if (!platform.ok()) return Fail(platform.error().message());
  Platform& p = **platform;
  auto start = std::chrono::steady_clock::now();
  world::WorldImporter importer(&p.store(), p.context().ids, p.context().limits);
  auto progress = [&](const world::ImportReport& r) {
    int64_t done = r.lines;  // world files; CED counts records instead
    if (ced) {
      for (const auto& [kind, n] : r.loaded) done += n;
      for (const auto& [kind, n] : r.already) done += n;
    }
    std::fprintf(stderr, "\r%lld %s, %.0f s", static_cast<long long>(done),
                 ced ? "records" : "lines", SecondsSince(start));
  };
  if (ced) {
    if (skip_if_imported) {
      auto done = world::CedImported(path, p.store().posts());
      if (!done.ok()) return Fail(done.error().message());
      if (*done) {
        std::printf("%s is already imported\n", path.c_str());
        return 0;
      }
    }
    // Measured on the 300k items: dropping and rebuilding the indexes saves nothing.
    const bool drop_indexes = false;
    auto report = world::ImportCed(path, importer, drop_indexes, progress);
    if (!report.ok()) return Fail(report.error().message());
    std::fprintf(stderr, "\n");
    PrintProblems(report->import);
    std::printf("imported %s in %.1f s: %s; %s\n", path.c_str(), SecondsSince(start),
                report->read.Summary().c_str(), report->import.Summary().c_str());
    return IndexImported(p);
  }
  // Dropping and rebuilding indexes pays off when the file is large against the store.
  bool drop_indexes = !ec && size > (64u << 20);
  auto report = importer.Import(in, drop_indexes, progress);
  if (!report.ok()) return Fail(report.error().message());
  std::fprintf(stderr, "\n");
  PrintProblems(*report);
  std::printf("imported %s in %.1f s: %s\n", path.c_str(), SecondsSince(start),
              report->Summary().c_str());
  return IndexImported(p);
}

}  // namespace
}  // namespace cw

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return cw::Usage();
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "serve") return cw::Serve(rest);
  if (command == "admin") return cw::Admin(rest);
  if (command == "gen") return cw::Gen(rest);
  if (command == "import") return cw::Import(rest);
  if (command == "integrity") return cw::Integrity(rest);
  if (command == "analytics") return cw::Analytics(rest);
  if (command == "version" || command == "--version") {
    std::printf("clearwater %s\n", cw::kVersion);
    return 0;
  }
  return cw::Usage();
}
