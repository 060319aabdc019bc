// clearwater: the one binary. `serve` runs the server; `admin` changes accounts directly in the
// store (it can run beside a live server: SQLite serialises the writes).
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "analytics/cascade.h"
#include "analytics/seismic.h"
#include "api/api.h"
#include "api/home_pages.h"
#include "api/http_server.h"
#include "app/config.h"
#include "app/demo.h"
#include "app/platform.h"
#include "app/seed_command.h"
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
      "  clearwater analytics predict --data DIR --observe SECONDS --json FILE [--post ID]\n"
      "                                        SEISMIC: a post's predicted final forwards;\n"
      "                                        without --post, the error over every cascade\n"
      "  clearwater analytics seed --data DIR --k K --json FILE [--topic NAME] [--epsilon E]\n"
      "      [--budget B --cost uniform|fans] [--simulations R] [--threads T] [--seed S]\n"
      "                                        campaign seeding (OPIM-C): the K accounts with the\n"
      "                                        largest expected real reach, beside top fans and\n"
      "                                        top influence\n"
      "  clearwater analytics export-graph --data DIR --out FILE [--topic NAME]\n"
      "                                        the follow graph with learned forward probabilities\n"
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
  api::RenderCache render_cache;
  services.render_cache = &render_cache;
  std::optional<api::HomePages> home_pages;
  if (config->home_pages > 0 && p.store().change_epochs()) {
    home_pages.emplace(config->home_pages, p.store().change_epochs());
    services.home_pages = &*home_pages;
  }
  services.topics = &p.topics();
  services.moderation = &p.moderation();
  services.analytics = &p.analytics();
  InfluenceService influence(p.context(), config->influence);
  services.influence = &influence;
  services.integrity = &p.integrity();
  services.signup = &p.signup();
  services.monitors = &p.monitors();
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
  api::HttpServer server(
      config->http, [&api](api::HttpRequest& r) { return api.Handle(r); },
      [&api](const api::HttpRequest& r) { return api.IsQuick(r); });
  // Requests refused while being read never reach the API's own count.
  server.OnRefused([&api](int status) { api.metrics().Observe("OTHER", "(refused)", status, 0); });
  auto port = server.Start();
  if (!port.ok()) return Fail(port.error().message());
  server.StopOnSignals();
  std::printf("listening on %s:%u\n", config->http.host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  CW_LOG(kInfo, "") << "clearwater " << kVersion << " serving on " << config->http.host << ":"
                    << *port << " with data in " << config->platform.data_dir;
  PeriodicScan scans(&p.integrity(), config->integrity_scan_every_s);
  p.monitors().Start();
  server.Run();
  scans.Stop();
  p.monitors().Stop();
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
      "  suspend          --username U [--reason TEXT]\n"
      "  unsuspend        --username U [--reason TEXT]\n"
      "                   (through moderation: logged with no moderator, and notified)\n"
      "  issue-tokens     --count N --out FILE [--seed S] [--min-fans A] [--max-fans B]\n"
      "                   bearer tokens for N random accounts (with A to B fans, if given),\n"
      "                   one 'token account_id' per line\n"
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
    int64_t min_fans = 0;
    int64_t max_fans = std::numeric_limits<int64_t>::max();
    try {
      count = std::stoll(get("count"));
      if (!get("seed").empty()) seed = std::stoull(get("seed"));
      if (!get("min-fans").empty()) min_fans = std::stoll(get("min-fans"));
      if (!get("max-fans").empty()) max_fans = std::stoll(get("max-fans"));
    } catch (const std::exception&) {
      return Fail("--count, --seed, --min-fans and --max-fans take numbers");
    }
    const bool by_fans = min_fans > 0 || max_fans < std::numeric_limits<int64_t>::max();
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
    // A band of fan counts may hold a few percent of the accounts: it gets more tries.
    const int64_t attempts = count * (by_fans ? 2000 : 20);
    for (int64_t attempt = 0; static_cast<int64_t>(chosen.size()) < count && attempt < attempts;
         ++attempt) {
      Page page;
      page.limit = 1;
      page.max_id = lo + static_cast<Id>(rng() % static_cast<uint64_t>(hi - lo)) + 1;
      auto one = p.store().accounts().ListAccounts(page);
      if (!one.ok() || one->empty()) continue;
      const Account& a = one->front();
      if (a.state == AccountState::kSuspended || a.fans_count < min_fans ||
          a.fans_count > max_fans || !used.insert(a.id).second) {
        continue;
      }
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
    // As a moderator's action through the API: logged (with no moderator: the operator),
    // notified, sessions ended, credibility and real-fan counts updated.
    Account operator_account;
    operator_account.handle = "operator";
    operator_account.role = Role::kAdmin;
    std::string reason = get("reason");
    if (reason.empty()) reason = "by the operator (clearwater admin " + command + ")";
    result = p.moderation().ActOnAccount(
        operator_account, target->id,
        command == "suspend" ? ModerationAction::kSuspend : ModerationAction::kRestore, reason);
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

// The root of the cascade `name` belongs to (FindPost; a forward names its root's cascade), with
// an error message that says which post was meant.
Result<Post> FindRootPost(Store& store, const std::string& name) {
  auto post = FindPost(store, name);
  if (!post.ok()) return Error{post.error().code(), "post " + name + ": " + post.error().message()};
  if (!post->is_forward()) return post;
  auto root = store.posts().GetPostById(post->root_id);
  if (!root.ok()) {
    return Error{root.error().code(), "the root of post " + name + ": " + root.error().message()};
  }
  return root;
}

// The stored fan counts of the root's author and of every forwarder, for SEISMIC.
Result<std::pair<int64_t, std::vector<int64_t>>> FanCounts(Store& store,
                                                           const analytics::Cascade& cascade) {
  std::vector<Id> ids{cascade.root_author_id};
  for (const auto& f : cascade.forwards) ids.push_back(f.author_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<Id, int64_t> fans;
  constexpr size_t kBatch = 500;
  for (size_t i = 0; i < ids.size(); i += kBatch) {
    std::vector<Id> batch(
        ids.begin() + static_cast<std::ptrdiff_t>(i),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + kBatch)));
    auto accounts = store.accounts().GetAccountsByIds(batch);
    if (!accounts.ok()) return accounts.error();
    for (const Account& a : *accounts) fans[a.id] = a.fans_count;
  }
  auto of = [&](Id id) {
    auto it = fans.find(id);
    return it == fans.end() ? int64_t{0} : it->second;
  };
  std::vector<int64_t> forward_fans;
  forward_fans.reserve(cascade.forwards.size());
  for (const auto& f : cascade.forwards) forward_fans.push_back(of(f.author_id));
  return std::make_pair(of(cascade.root_author_id), std::move(forward_fans));
}

// A whole number in [lo, hi] from the command line.
Result<int64_t> ParseBounded(const std::string& name, const std::string& text, int64_t lo,
                             int64_t hi) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) {
    return InvalidArgument("--" + name + " must be a whole number in [" + std::to_string(lo) +
                           ", " + std::to_string(hi) + "]");
  }
  return v;
}

boost::json::object PredictionJson(const analytics::SeismicPrediction& p) {
  return boost::json::object{{"ready", p.ready},
                             {"observed_s", p.observed_s},
                             {"observed_size", p.observed_size},
                             {"final_size", p.final_size},
                             {"low", p.low},
                             {"high", p.high},
                             {"infectiousness", p.infectiousness},
                             {"branching", p.branching},
                             {"capped", p.capped}};
}

// FNV-1a of a post's external id (else its id): the train / test split of the evaluation, the
// same on every import of the same data.
uint64_t SplitHash(const Post& post) {
  const std::string key = post.external_id.empty() ? std::to_string(post.id) : post.external_id;
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : key) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return h;
}

// One evaluated cascade of `analytics predict` without --post.
struct PredictRow {
  Post root;
  bool train = false;
  int64_t final_size = 0;
  analytics::SeismicObservation obs;
  analytics::SeismicPrediction plain;  // α = β = 1
};

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

int AnalyticsPredict(const std::vector<std::string>& args) {
  const char* usage =
      "usage: clearwater analytics predict --data DIR --observe SECONDS --json FILE [--post ID]\n"
      "       [--limit N]\n"
      "  with --post: that post's SEISMIC prediction after SECONDS (ID: id or external id)\n"
      "  without: every original with a forward, observed for SECONDS and compared with its final\n"
      "  size (median absolute percentage error, interval coverage, baselines; alpha and beta\n"
      "  fitted on one half, reported on the other); at most N cascades (default 100000)";
  auto pairs = ParsePairs(args);
  if (!pairs.ok()) return Fail(pairs.error().message());
  auto& kv = *pairs;
  if (!kv.count("data") || !kv.count("json")) return Fail(usage);
  constexpr int64_t kMaxObserve = 10LL * 365 * 86400;
  auto observe =
      ParseBounded("observe", kv.count("observe") ? kv["observe"] : "3600", 0, kMaxObserve);
  if (!observe.ok()) return Fail(observe.error().message());
  auto limit = ParseBounded("limit", kv.count("limit") ? kv["limit"] : "100000", 1, 10'000'000);
  if (!limit.ok()) return Fail(limit.error().message());
  std::ofstream file(kv["json"], std::ios::binary | std::ios::trunc);
  if (!file) return Fail("cannot write " + kv["json"]);
  PlatformOptions options;
  options.data_dir = kv["data"];
  log::SetLevel(log::Level::kWarn);
  auto platform = Platform::Open(options);
  if (!platform.ok()) return Fail(platform.error().message());
  Store& store = (*platform)->store();
  auto start = std::chrono::steady_clock::now();
  namespace json = boost::json;
  const analytics::SeismicOptions plain;

  if (kv.count("post")) {
    auto post = FindRootPost(store, kv["post"]);
    if (!post.ok()) return Fail(post.error().message());
    auto cascade = (*platform)->analytics().LoadCascade(*post);
    if (!cascade.ok()) return Fail("cascade: " + cascade.error().message());
    auto fans = FanCounts(store, *cascade);
    if (!fans.ok()) return Fail("fan counts: " + fans.error().message());
    const auto p = analytics::PredictSeismic(*cascade, fans->first, fans->second, *observe, plain);
    json::object out = PredictionJson(p);
    out["post"] = json::object{{"id", post->id}, {"external_id", post->external_id}};
    out["size_now"] = static_cast<int64_t>(cascade->forwards.size());
    file << json::serialize(out) << "\n";
    file.close();
    if (!file) return Fail("cannot write " + kv["json"]);
    std::printf(
        "post %lld: %lld forwards in the first %lld s; predicted %.1f [%.1f, %.1f]%s%s; "
        "%lld forwards now\n",
        static_cast<long long>(post->id), static_cast<long long>(p.observed_size),
        static_cast<long long>(p.observed_s), p.final_size, p.low, p.high,
        p.ready ? "" : " (not ready)", p.capped ? " (capped: supercritical)" : "",
        static_cast<long long>(cascade->forwards.size()));
    return 0;
  }

  // Every original with at least one forward, newest first.
  std::vector<PredictRow> rows;
  Page page;
  page.limit = 1000;
  int64_t originals = 0;
  while (static_cast<int64_t>(rows.size()) < *limit) {
    auto posts = store.posts().ListPublicPosts(page);
    if (!posts.ok()) return Fail("posts: " + posts.error().message());
    if (posts->empty()) break;
    page.max_id = posts->back().id;
    for (const Post& post : *posts) {
      if (post.is_forward() || static_cast<int64_t>(rows.size()) >= *limit) continue;
      ++originals;
      auto cascade = (*platform)->analytics().LoadCascade(post);
      if (!cascade.ok()) return Fail("cascade: " + cascade.error().message());
      if (cascade->forwards.empty()) continue;
      auto fans = FanCounts(store, *cascade);
      if (!fans.ok()) return Fail("fan counts: " + fans.error().message());
      PredictRow row;
      row.root = post;
      row.train = SplitHash(post) % 2 == 0;
      row.final_size = static_cast<int64_t>(cascade->forwards.size());
      row.obs = analytics::ObserveSeismic(*cascade, fans->first, fans->second, *observe, plain);
      row.plain = analytics::PredictSeismic(*cascade, fans->first, fans->second, *observe, plain);
      rows.push_back(std::move(row));
    }
  }

  // Fit on the training half (ready cascades): alpha and beta, the naive ratio, and the
  // calibrated interval (the 2.5% and 97.5% quantiles of final / predicted).
  std::vector<analytics::SeismicSample> samples;
  std::vector<double> ratios;
  for (const auto& r : rows) {
    if (!r.train) continue;
    if (r.obs.observed_size > 0) {
      ratios.push_back(static_cast<double>(r.final_size) /
                       static_cast<double>(r.obs.observed_size));
    }
    if (!r.obs.ready) continue;
    samples.push_back({r.obs.observed_size, r.obs.infectiousness, r.obs.new_exposure, r.obs.n_star,
                       r.final_size});
  }
  const analytics::SeismicFit fit = analytics::FitSeismic(samples, plain);
  const double naive_ratio = Quantile(ratios, 0.5);
  auto fitted_final = [&](const PredictRow& r) {
    if (!r.obs.ready) return static_cast<double>(r.obs.observed_size);
    return analytics::SeismicFinal(r.obs.observed_size, r.obs.infectiousness, r.obs.new_exposure,
                                   r.obs.n_star, fit.alpha, fit.beta, plain.max_branching);
  };
  std::vector<double> fit_ratios;
  for (const auto& r : rows) {
    if (r.train && r.obs.ready)
      fit_ratios.push_back(static_cast<double>(r.final_size) / fitted_final(r));
  }
  const double calib_low = Quantile(fit_ratios, 0.025), calib_high = Quantile(fit_ratios, 0.975);

  // The figures on the test half, for all cascades and those with >= 10 and >= 50 forwards.
  json::object summary;
  json::array table;
  for (int64_t min_final : {int64_t{1}, int64_t{10}, int64_t{50}}) {
    for (bool ready_only : {false, true}) {
      std::vector<double> actual, plain_pred, fit_pred, observed_pred, naive_pred;
      int64_t in_model = 0, in_calibrated = 0;
      for (const auto& r : rows) {
        if (r.train || r.final_size < min_final || (ready_only && !r.obs.ready)) continue;
        const double fin = static_cast<double>(r.final_size);
        const double seen = static_cast<double>(r.obs.observed_size);
        actual.push_back(fin);
        plain_pred.push_back(r.plain.final_size);
        const double f = fitted_final(r);
        fit_pred.push_back(f);
        observed_pred.push_back(seen);
        naive_pred.push_back(seen * naive_ratio);
        in_model += r.plain.low <= fin && fin <= r.plain.high ? 1 : 0;
        const bool calibrated =
            r.obs.ready ? f * calib_low <= fin && fin <= f * calib_high : fin == seen;
        in_calibrated += calibrated ? 1 : 0;
      }
      const double n = std::max<double>(1, static_cast<double>(actual.size()));
      json::object row{{"min_final", min_final},
                       {"ready_only", ready_only},
                       {"cascades", static_cast<int64_t>(actual.size())},
                       {"mape_seismic", analytics::MedianApe(plain_pred, actual)},
                       {"mape_seismic_fitted", analytics::MedianApe(fit_pred, actual)},
                       {"mape_observed", analytics::MedianApe(observed_pred, actual)},
                       {"mape_observed_times_ratio", analytics::MedianApe(naive_pred, actual)},
                       {"coverage_model", static_cast<double>(in_model) / n},
                       {"coverage_calibrated", static_cast<double>(in_calibrated) / n}};
      std::printf(
          "final>=%-3lld %-9s n=%-4zu MAPE seismic %.3f fitted %.3f | observed %.3f "
          "observed*ratio %.3f | in interval: model %.2f calibrated %.2f\n",
          static_cast<long long>(min_final), ready_only ? "ready" : "all", actual.size(),
          row["mape_seismic"].as_double(), row["mape_seismic_fitted"].as_double(),
          row["mape_observed"].as_double(), row["mape_observed_times_ratio"].as_double(),
          row["coverage_model"].as_double(), row["coverage_calibrated"].as_double());
      table.push_back(std::move(row));
    }
  }
  int64_t ready = 0, train = 0, capped = 0;
  for (const auto& r : rows) {
    ready += r.obs.ready ? 1 : 0;
    train += r.train ? 1 : 0;
    capped += r.plain.capped ? 1 : 0;
  }
  summary["observe_s"] = *observe;
  summary["originals"] = originals;
  summary["cascades"] = static_cast<int64_t>(rows.size());
  summary["ready"] = ready;
  summary["capped"] = capped;
  summary["train"] = train;
  summary["test"] = static_cast<int64_t>(rows.size()) - train;
  summary["fit"] = json::object{{"alpha", fit.alpha},
                                {"beta", fit.beta},
                                {"train_mape", fit.median_ape},
                                {"train_ready", static_cast<int64_t>(samples.size())}};
  summary["naive_ratio"] = naive_ratio;
  summary["calibrated_interval"] = json::array{calib_low, calib_high};
  summary["test_figures"] = std::move(table);
  json::array cascades;
  for (const auto& r : rows) {
    json::object o = PredictionJson(r.plain);
    o["id"] = r.root.id;
    o["external_id"] = r.root.external_id;
    o["train"] = r.train;
    o["final"] = r.final_size;
    o["fitted_final_size"] = fitted_final(r);
    cascades.push_back(std::move(o));
  }
  summary["cascades_detail"] = std::move(cascades);
  summary["seconds"] = SecondsSince(start);
  file << json::serialize(summary) << "\n";
  file.close();
  if (!file) return Fail("cannot write " + kv["json"]);
  std::printf(
      "%lld originals, %zu with forwards (%lld ready after %lld s, %lld capped); fit on %zu "
      "training cascades: alpha %.3f beta %.2f; naive ratio %.2f; %.1f s\n",
      static_cast<long long>(originals), rows.size(), static_cast<long long>(ready),
      static_cast<long long>(*observe), static_cast<long long>(capped), samples.size(), fit.alpha,
      fit.beta, naive_ratio, SecondsSince(start));
  return 0;
}

int Analytics(const std::vector<std::string>& args) {
  const char* usage =
      "usage: clearwater analytics cascade --data DIR --post ID --json FILE\n"
      "       clearwater analytics predict --data DIR --observe SECONDS --json FILE [--post ID]\n"
      "       clearwater analytics seed --data DIR --k K --json FILE [options]\n"
      "       clearwater analytics export-graph --data DIR --out FILE [--topic NAME]\n"
      "  ID  a post id, or an imported post's external id; a forward names its root's cascade";
  if (!args.empty() && args[0] == "predict") {
    return AnalyticsPredict({args.begin() + 1, args.end()});
  }
  if (!args.empty() && args[0] == "seed") return AnalyticsSeed({args.begin() + 1, args.end()});
  if (!args.empty() && args[0] == "export-graph") {
    return AnalyticsExportGraph({args.begin() + 1, args.end()});
  }
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

  auto post = FindRootPost(store, kv["post"]);
  if (!post.ok()) return Fail(post.error().message());
  auto view = (*platform)->analytics().Analyse(*post);
  if (!view.ok()) return Fail("cascade: " + view.error().message());
  const analytics::CascadeReport& report = (*view)->all;

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
  // The top spreaders come with their accounts.
  const auto& by_id = (*view)->accounts;
  const size_t top = std::min((*platform)->analytics().limits().spreaders, report.spreaders.size());
  json::array spreaders;
  for (size_t i = 0; i < top; ++i) {
    const auto& s = report.spreaders[i];
    json::object o{{"account_id", s.account_id},
                   {"downstream", s.downstream},
                   {"new_exposure", s.new_exposure},
                   {"forwards", s.forwards}};
    auto it = by_id.find(s.account_id);
    o["handle"] = it == by_id.end() ? "" : it->second.handle;
    o["external_id"] = it == by_id.end() ? "" : it->second.external_id;
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
  // Info: the import logs the time of each step of its finish.
  log::SetLevel(log::Level::kInfo);
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
