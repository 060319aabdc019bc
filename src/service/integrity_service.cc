#include "service/integrity_service.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

#include "integrity/store_snapshot.h"
#include "service/moderation_service.h"

namespace cw {
namespace json = boost::json;
using integrity::Index;
using integrity::kNone;
using integrity::LoadedSnapshot;
using integrity::ScanGroup;
using integrity::ScanResult;
using integrity::Snapshot;

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Has(const std::vector<std::string>& labels, const char* label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

double MaxScore(const integrity::AccountVerdict& v) {
  return std::max({v.zombie, v.water_army, v.spam_bot});
}

// How tools name an account: its external id when imported, else its handle.
const std::string& Name(const integrity::AccountFacts& a) {
  return a.external_id.empty() ? a.handle : a.external_id;
}

std::string PostName(const integrity::PostFacts& p) {
  return p.external_id.empty() ? std::to_string(p.id) : p.external_id;
}

// FNV-1a over the sorted ids: the same group found again has the same fingerprint.
std::string Fingerprint(const char* kind, std::vector<Id> ids) {
  std::sort(ids.begin(), ids.end());
  uint64_t h = 1469598103934665603ull;
  for (Id id : ids) {
    for (int i = 0; i < 8; ++i) {
      h ^= static_cast<uint64_t>(id >> (8 * i)) & 0xff;
      h *= 1099511628211ull;
    }
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(kind) + ":" + buf;
}

json::object FarmEvidence(const ScanGroup& g, const LoadedSnapshot& l, const ScanResult& r) {
  const Snapshot& s = l.snapshot;
  json::object e;
  e["fans"] = g.members.size();
  e["customers"] = g.target_accounts.size();
  e["edges"] = g.edges;
  e["density"] = g.density;
  e["background_density"] = g.density_ratio > 0 ? g.density / g.density_ratio : 0.0;
  double inactive = 0, empty = 0, burst = 0, network = 0;
  TimeMs first = 0, last = 0;
  for (Index m : g.members) {
    const auto& z = r.signals[m];
    inactive += z.inactive >= 1;
    empty += z.empty_profile > 0.5;
    burst += z.creation_burst > 0;
    network += z.shared_network > 0;
    TimeMs at = s.accounts[m].created_at;
    if (first == 0 || at < first) first = at;
    last = std::max(last, at);
  }
  double n = std::max<double>(1, static_cast<double>(g.members.size()));
  e["signals"] = {{"inactive", inactive / n},
                  {"empty_profile", empty / n},
                  {"creation_burst", burst / n},
                  {"shared_network", network / n}};
  e["created_between"] = {FormatIsoTime(first), FormatIsoTime(last)};
  e["text"] = g.evidence;
  return e;
}

json::object CrewEvidence(const ScanGroup& g, const LoadedSnapshot& l) {
  const Snapshot& s = l.snapshot;
  json::object e;
  e["posts"] = g.target_posts.size();
  json::array windows;
  for (const auto& w : g.windows) {
    if (w.post >= s.posts.size()) continue;
    windows.push_back({{"post", std::to_string(s.posts[w.post].id)},
                       {"begin", FormatIsoTime(w.begin)},
                       {"end", FormatIsoTime(w.end)},
                       {"members", w.members}});
    if (windows.size() >= 200) break;
  }
  e["windows"] = std::move(windows);
  e["duplicate_text_share"] = g.duplicate_text_share;
  json::array texts;
  for (const auto& t : g.example_texts) texts.push_back(json::value(t));
  e["texts"] = std::move(texts);
  e["tightness"] = g.tightness;
  e["text"] = g.evidence;
  return e;
}

std::vector<Id> AccountIds(const Snapshot& s, const std::vector<Index>& indexes) {
  std::vector<Id> out;
  out.reserve(indexes.size());
  for (Index i : indexes) out.push_back(s.accounts[i].id);
  return out;
}

// The suspect part of every count, from the snapshot and who is not credible.
IntegrityStore::SuspectCounts CountSuspect(const Snapshot& s, const std::vector<bool>& doubtful) {
  IntegrityStore::SuspectCounts out;
  for (Index a = 0; a < s.accounts.size(); ++a) {
    if (doubtful[a]) out.not_credible.push_back(s.accounts[a].id);
    int64_t n = 0;
    for (Index fan : s.fans.Row(a)) n += doubtful[fan];
    if (n) out.account_fans.emplace_back(s.accounts[a].id, n);
  }
  struct Counts {
    int64_t forwards = 0, comments = 0, likes = 0;
  };
  std::vector<Counts> posts(s.posts.size());
  for (const auto& p : s.posts) {
    if (!p.IsForward() || !doubtful[p.author]) continue;
    if (p.root != kNone) ++posts[p.root].forwards;
    if (p.parent != kNone && p.parent != p.root) ++posts[p.parent].forwards;
  }
  for (const auto& c : s.comments) posts[c.post].comments += doubtful[c.author];
  for (const auto& l : s.likes) posts[l.post].likes += doubtful[l.author];
  for (Index i = 0; i < posts.size(); ++i) {
    const Counts& c = posts[i];
    if (c.forwards || c.comments || c.likes) {
      out.posts.push_back({s.posts[i].id, c.forwards, c.comments, c.likes});
    }
  }
  return out;
}

void WriteJson(const LoadedSnapshot& l, const ScanResult& r, const IntegrityScanReport& report,
               std::ostream& out) {
  const Snapshot& s = l.snapshot;
  json::array accounts;
  for (Index i = 0; i < r.accounts.size(); ++i) {
    const auto& v = r.accounts[i];
    if (v.labels.empty() && MaxScore(v) < IntegrityService::kReportedScore) continue;
    json::object a;
    if (!s.accounts[i].external_id.empty()) a["external_id"] = s.accounts[i].external_id;
    a["handle"] = s.accounts[i].handle;
    json::array labels;
    for (const auto& label : v.labels) labels.push_back(json::value(label));
    a["labels"] = std::move(labels);
    a["scores"] = {{"zombie", v.zombie}, {"water_army", v.water_army}, {"spam_bot", v.spam_bot}};
    a["credibility"] = v.credibility;
    a["evidence"] = v.evidence;
    accounts.push_back(std::move(a));
  }
  json::array groups;
  for (const auto& g : r.groups) {
    json::object o;
    o["kind"] = g.kind;
    json::array members, targets;
    for (Index m : g.members) members.push_back(json::value(Name(s.accounts[m])));
    for (Index t : g.target_accounts) targets.push_back(json::value(Name(s.accounts[t])));
    for (Index p : g.target_posts) targets.push_back(json::value(PostName(s.posts[p])));
    o["members"] = std::move(members);
    o["targets"] = std::move(targets);
    o["score"] = g.score;
    o["evidence"] = g.evidence;
    groups.push_back(std::move(o));
  }
  json::array timings;
  for (const auto& t : report.timings) timings.push_back({{"stage", t.stage}, {"seconds", t.seconds}});
  json::object doc;
  doc["accounts"] = std::move(accounts);
  doc["groups"] = std::move(groups);
  doc["summary"] = {{"accounts", report.accounts}, {"follows", report.follows},
                    {"posts", report.posts},       {"comments", report.comments},
                    {"likes", report.likes},       {"zombie", report.zombies},
                    {"water_army", report.water_army}, {"spam_bot", report.spam_bots},
                    {"timings", std::move(timings)}};
  out << json::serialize(doc) << "\n";
}

}  // namespace

std::string IntegrityScanReport::Summary() const {
  std::string out = std::to_string(accounts) + " accounts, " + std::to_string(follows) +
                    " follows, " + std::to_string(posts) + " posts, " + std::to_string(comments) +
                    " comments, " + std::to_string(likes) + " likes; labelled " +
                    std::to_string(zombies) + " zombie, " + std::to_string(water_army) +
                    " water army, " + std::to_string(spam_bots) + " spam bot; " +
                    std::to_string(groups) + " groups, " + std::to_string(cases_recorded) +
                    " cases";
  for (const auto& t : timings) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", t.seconds);
    out += "\n  " + t.stage + ": " + buf + " s";
  }
  return out;
}

Result<IntegrityScanReport> IntegrityService::Scan(const IntegrityScanOptions& options,
                                                   std::ostream* json_out) {
  std::unique_lock lock(running_, std::try_to_lock);
  if (!lock.owns_lock()) return Unavailable("a scan is already running");
  IntegrityStore* store = ctx_.store->integrity();
  if (!store) return Unavailable("this store has no integrity data");
  IntegrityScanReport report;
  TimeMs now = ctx_.clock->NowMs();
  CW_ASSIGN_OR_RETURN(LoadedSnapshot loaded, integrity::LoadSnapshot(*ctx_.store, now));
  const Snapshot& s = loaded.snapshot;
  report.timings.push_back({"load", loaded.seconds});
  report.accounts = static_cast<int64_t>(s.accounts.size());
  report.follows = static_cast<int64_t>(s.following.Edges());
  report.posts = static_cast<int64_t>(s.posts.size());
  report.comments = static_cast<int64_t>(s.comments.size());
  report.likes = static_cast<int64_t>(s.likes.size());

  ScanResult result = integrity::Scan(s, options.scan);
  for (const auto& t : result.timings) report.timings.push_back({"scan." + t.stage, t.seconds});
  for (const auto& v : result.accounts) {
    report.zombies += Has(v.labels, "zombie");
    report.water_army += Has(v.labels, "water_army");
    report.spam_bots += Has(v.labels, "spam_bot");
  }
  report.groups = static_cast<int64_t>(result.groups.size());

  if (options.apply) {
    auto start = std::chrono::steady_clock::now();
    std::vector<Verdict> verdicts;
    for (Index i = 0; i < result.accounts.size(); ++i) {
      const auto& v = result.accounts[i];
      if (v.labels.empty() && MaxScore(v) < kReportedScore) continue;
      verdicts.push_back({s.accounts[i].id, v.zombie, v.water_army, v.spam_bot, v.credibility,
                          v.labels, v.evidence, now});
    }
    CW_RETURN_IF_ERROR(store->PutVerdicts(verdicts));
    CW_RETURN_IF_ERROR(store->PruneVerdicts(now));
    CW_ASSIGN_OR_RETURN(auto cleared, store->ListClearedAccounts());
    std::vector<bool> doubtful(s.accounts.size());
    for (Index i = 0; i < s.accounts.size(); ++i) {
      bool labelled = !result.accounts[i].labels.empty() && !cleared.contains(s.accounts[i].id);
      doubtful[i] = labelled || loaded.states[i] != AccountState::kActive;
      report.not_credible += doubtful[i];
    }
    CW_RETURN_IF_ERROR(store->ReplaceSuspectCounts(CountSuspect(s, doubtful)));
    ctx_.store->DropCaches();
    if (on_applied_) on_applied_();
    report.timings.push_back({"apply.counts", SecondsSince(start)});

    start = std::chrono::steady_clock::now();
    if (moderation_) {
      for (const auto& g : result.groups) {
        Finding f;
        f.members = AccountIds(s, g.members);
        f.targets = AccountIds(s, g.target_accounts);
        f.score = g.score;
        if (g.kind == "zombie_farm") {
          f.kind = CaseKind::kZombieFarm;
          f.fingerprint = Fingerprint("zombie_farm", f.targets);
          f.summary = std::to_string(g.members.size()) + " zombie fans of " +
                      std::to_string(g.target_accounts.size()) + " accounts";
          f.evidence = json::serialize(FarmEvidence(g, loaded, result));
        } else {
          f.kind = CaseKind::kWaterArmy;
          std::vector<Id> posts;
          for (Index p : g.target_posts) posts.push_back(s.posts[p].id);
          f.fingerprint = Fingerprint("water_army", posts);
          f.summary = std::to_string(g.members.size()) + " accounts working " +
                      std::to_string(g.target_posts.size()) + " posts together";
          f.evidence = json::serialize(CrewEvidence(g, loaded));
        }
        if (f.members.empty()) continue;
        CW_RETURN_IF_ERROR(moderation_->RecordFinding(f).status());
        ++report.cases_recorded;
      }
      for (Index i = 0; i < result.accounts.size(); ++i) {
        const auto& v = result.accounts[i];
        if (!Has(v.labels, "spam_bot")) continue;
        Finding f;
        f.kind = CaseKind::kSpamBot;
        f.members = {s.accounts[i].id};
        f.fingerprint = "spam_bot:" + std::to_string(s.accounts[i].id);
        f.score = v.spam_bot;
        f.summary = "posts like a spam bot";
        f.evidence = json::serialize(json::object{{"text", v.evidence}, {"score", v.spam_bot}});
        CW_RETURN_IF_ERROR(moderation_->RecordFinding(f).status());
        ++report.cases_recorded;
      }
    }
    report.timings.push_back({"apply.cases", SecondsSince(start)});
  }
  if (json_out) WriteJson(loaded, result, report, *json_out);
  return report;
}

}  // namespace cw
