// The design is simple: monitors live in the store; an immutable matcher built from all of them
// (analytics/monitor_match.h) is swapped in whenever one changes. The search indexer, which
// analyses every new post anyway, hands each newly indexed post to Observe: a public, live post
// is matched (one hash lookup per term) and its hits are buffered, then written in one unit when
// the indexer's batch ends (Flush). Posting itself does no extra work. A new monitor backfills
// the last 7 days from the full-text index, bounded per keyword. Reports read the hits joined to
// live posts (a deleted post drops out) and to their authors (real = active and credible now).
// A thread runs the burst check every check_every_s: per monitor, the real posts of the last
// interval against the intervals before it (analytics::JudgeBurst); a burst stores an alert and
// its notification in one unit, then the webhook is queued on the sender's own thread, which
// records the answer later. At most one alert per monitor per interval.
#include "service/monitor_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "common/log.h"
#include "common/text/utf8.h"

namespace cw {
namespace {

constexpr int64_t kHourMs = 3600LL * 1000;

Status CheckTerm(const std::string& what, const std::string& s, size_t max_chars) {
  if (s.empty()) return InvalidArgument(what + " must not be empty");
  if (!text::IsValidUtf8(s)) return InvalidArgument(what + " is not valid UTF-8");
  if (s.find_first_of("\r\n") != std::string::npos || text::HasForbiddenControls(s)) {
    return InvalidArgument(what + " must be one line without control characters");
  }
  if (text::CountCodePoints(s) > max_chars) {
    return InvalidArgument(what + " is longer than " + std::to_string(max_chars) + " characters");
  }
  return OkStatus();
}

// "#话题#", "#tag" or "tag" -> "话题" / "tag".
std::string TopicName(std::string_view s) {
  s = text::TrimAscii(s);
  while (!s.empty() && s.front() == '#') s.remove_prefix(1);
  while (!s.empty() && s.back() == '#') s.remove_suffix(1);
  return std::string(s);
}

Status CheckWebhookUrl(const std::string& url, size_t max_chars) {
  if (url.size() > max_chars) {
    return InvalidArgument("webhook_url is longer than " + std::to_string(max_chars) +
                           " characters");
  }
  if (url.rfind("https://", 0) == 0) {
    return InvalidArgument(
        "webhook_url: https is not supported yet; use an http:// URL (a TLS-terminating relay "
        "can forward it)");
  }
  if (url.rfind("http://", 0) != 0) return InvalidArgument("webhook_url must start with http://");
  std::string_view rest(url);
  rest.remove_prefix(7);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  size_t colon = authority.rfind(':');
  std::string_view host = authority.substr(0, colon);
  if (host.empty()) return InvalidArgument("webhook_url has no host");
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') {
      return InvalidArgument("webhook_url: the host may hold only letters, digits, '.' and '-'");
    }
  }
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535) {
      return InvalidArgument("webhook_url: the port must be a number in [1, 65535]");
    }
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return InvalidArgument("webhook_url may hold only printable ASCII without spaces");
    }
  }
  return OkStatus();
}

int64_t Engagement(const Post& p) {
  return p.likes_count + 2 * p.forwards_count + p.comments_count;
}

}  // namespace

analytics::MonitorTerms MonitorTermsOf(const Monitor& m) {
  analytics::MonitorTerms t;
  t.monitor_id = m.id;
  for (const auto& k : m.keywords) {
    search::Analysis a = search::Analyze(k);
    if (a.stream.empty()) continue;
    if (a.stream.size() == 1 && search::IsCjkUnigram(a.stream.front())) {
      // One CJK character: inside longer words it is only found among the unigrams.
      t.unigrams.push_back(a.stream.front());
    }
    t.phrases.push_back(std::move(a.stream));
  }
  for (const auto& name : m.topics) {
    std::string term = search::TopicTerm(name);
    if (!term.empty()) t.topics.push_back(std::move(term));
  }
  return t;
}

MonitorService::MonitorService(const ServiceContext& ctx, NotificationService* notifications,
                               WebhookSender* webhooks, MonitorOptions options)
    : ctx_(ctx),
      store_(ctx.store->monitors()),
      notifications_(notifications),
      webhooks_(webhooks),
      options_(options),
      matcher_(std::make_shared<analytics::MonitorMatcher>(
          std::vector<analytics::MonitorTerms>{})) {}

MonitorService::~MonitorService() { Stop(); }

Status MonitorService::Load() { return Rebuild(); }

Status MonitorService::Rebuild() {
  if (!store_) return OkStatus();
  CW_ASSIGN_OR_RETURN(auto all, store_->ListAllMonitors());
  std::vector<analytics::MonitorTerms> terms;
  terms.reserve(all.size());
  for (const auto& m : all) terms.push_back(MonitorTermsOf(m));
  auto next = std::make_shared<const analytics::MonitorMatcher>(terms);
  std::lock_guard lock(matcher_mu_);
  matcher_ = std::move(next);
  return OkStatus();
}

Result<Monitor> MonitorService::Validate(Monitor m, const MonitorInput& in) {
  if (in.name) m.name = std::string(text::TrimAscii(*in.name));
  CW_RETURN_IF_ERROR(CheckTerm("name", m.name, options_.name_chars));
  if (in.keywords) {
    if (in.keywords->size() > static_cast<size_t>(options_.max_keywords)) {
      return InvalidArgument("at most " + std::to_string(options_.max_keywords) + " keywords");
    }
    m.keywords.clear();
    for (const auto& raw : *in.keywords) {
      std::string k(text::TrimAscii(raw));
      if (k.empty()) continue;  // "" clears the list
      CW_RETURN_IF_ERROR(CheckTerm("a keyword", k, options_.term_chars));
      if (search::Analyze(k).stream.empty()) {
        return InvalidArgument("keyword '" + k + "' has no letters, digits or characters to match");
      }
      if (std::find(m.keywords.begin(), m.keywords.end(), k) == m.keywords.end()) {
        m.keywords.push_back(std::move(k));
      }
    }
    if (m.keywords.size() > static_cast<size_t>(options_.max_keywords)) {
      return InvalidArgument("at most " + std::to_string(options_.max_keywords) + " keywords");
    }
  }
  if (in.topics) {
    if (in.topics->size() > static_cast<size_t>(options_.max_topics)) {
      return InvalidArgument("at most " + std::to_string(options_.max_topics) + " topics");
    }
    m.topics.clear();
    for (const auto& raw : *in.topics) {
      if (text::TrimAscii(raw).empty()) continue;
      CW_RETURN_IF_ERROR(CheckTerm("a topic", raw, options_.term_chars + 2));
      std::string name = TopicName(raw);
      if (search::TopicTerm(name).empty()) {
        return InvalidArgument("topic '" + raw + "' has no letters or digits");
      }
      if (std::find(m.topics.begin(), m.topics.end(), name) == m.topics.end()) {
        m.topics.push_back(std::move(name));
      }
    }
    if (m.topics.size() > static_cast<size_t>(options_.max_topics)) {
      return InvalidArgument("at most " + std::to_string(options_.max_topics) + " topics");
    }
  }
  if (m.keywords.empty() && m.topics.empty()) {
    return InvalidArgument("a monitor needs at least one keyword or topic");
  }
  if (in.webhook_url) {
    m.webhook_url = std::string(text::TrimAscii(*in.webhook_url));
    if (!m.webhook_url.empty()) {
      CW_RETURN_IF_ERROR(CheckWebhookUrl(m.webhook_url, options_.url_chars));
    }
  }
  if (in.burst_factor) {
    double f = *in.burst_factor;
    if (!std::isfinite(f) || f < options_.min_burst_factor || f > options_.max_burst_factor) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "burst_factor must be a number in [%g, %g]",
                    options_.min_burst_factor, options_.max_burst_factor);
      return InvalidArgument(buf);
    }
    m.burst_factor = f;
  }
  if (in.min_posts) {
    if (*in.min_posts < 1 || *in.min_posts > options_.max_min_posts) {
      return InvalidArgument("min_posts must be an integer in [1, " +
                             std::to_string(options_.max_min_posts) + "]");
    }
    m.min_posts = *in.min_posts;
  }
  return m;
}

Result<Monitor> MonitorService::Create(const Account& owner, const MonitorInput& in) {
  if (!store_) return Unavailable("monitors are not available");
  Monitor m;
  m.owner_id = owner.id;
  CW_ASSIGN_OR_RETURN(m, Validate(std::move(m), in));
  m.created_at = m.updated_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(auto mine, store_->ListMonitorsByOwner(owner.id));
    if (mine.size() >= static_cast<size_t>(options_.max_per_account)) {
      return InvalidArgument("at most " + std::to_string(options_.max_per_account) +
                             " monitors per account");
    }
    m.id = ctx_.ids->Next();
    return store_->PutMonitor(m);
  }));
  CW_RETURN_IF_ERROR(Rebuild());
  if (Status st = Backfill(m); !st.ok()) {
    CW_LOG(kWarn, "") << "monitor " << m.id << " backfill: " << st.error().message();
  }
  return m;
}

Status MonitorService::Backfill(const Monitor& m) {
  SearchStore* search = ctx_.store->search();
  if (!search) return OkStatus();
  const TimeMs now = ctx_.clock->NowMs();
  const TimeMs since = std::max<TimeMs>(now - options_.backfill_ms, now - options_.retention_ms);
  analytics::MonitorTerms terms = MonitorTermsOf(m);
  std::vector<std::vector<std::string>> queries = terms.phrases;
  for (const auto& u : terms.unigrams) queries.push_back({u});
  for (const auto& t : terms.topics) queries.push_back({t});
  std::unordered_set<Id> seen;
  std::vector<MonitorHit> hits;
  for (auto& phrase : queries) {
    TextSearch q;
    q.terms.must.push_back(std::move(phrase));
    q.min_id = MinIdAt(since);
    q.limit = options_.backfill_per_term;
    CW_ASSIGN_OR_RETURN(auto found, search->SearchPosts(q));
    for (const auto& h : found) {
      const Post& p = h.post;
      if (p.visibility != Visibility::kPublic || p.deleted() || !seen.insert(p.id).second) continue;
      hits.push_back({m.id, p.id, p.author_id, p.created_at});
    }
  }
  return store_->PutMonitorHits(hits);
}

Result<std::vector<Monitor>> MonitorService::List(const Account& owner) {
  if (!store_) return Unavailable("monitors are not available");
  return store_->ListMonitorsByOwner(owner.id);
}

Result<Monitor> MonitorService::Get(const Account& viewer, Id id) {
  if (!store_) return Unavailable("monitors are not available");
  CW_ASSIGN_OR_RETURN(Monitor m, store_->GetMonitorById(id));
  if (m.owner_id != viewer.id) return NotFound("no such monitor");
  return m;
}

Result<Monitor> MonitorService::Update(const Account& viewer, Id id, const MonitorInput& in) {
  CW_ASSIGN_OR_RETURN(Monitor old, Get(viewer, id));
  CW_ASSIGN_OR_RETURN(Monitor m, Validate(old, in));
  m.updated_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(store_->UpdateMonitor(m));
  if (m.keywords != old.keywords || m.topics != old.topics) {
    CW_RETURN_IF_ERROR(Rebuild());
    // Hits of dropped terms stay (they were true when recorded); new terms look back.
    if (Status st = Backfill(m); !st.ok()) {
      CW_LOG(kWarn, "") << "monitor " << m.id << " backfill: " << st.error().message();
    }
  }
  return m;
}

Status MonitorService::Delete(const Account& viewer, Id id) {
  CW_ASSIGN_OR_RETURN(Monitor m, Get(viewer, id));
  CW_RETURN_IF_ERROR(store_->DeleteMonitorById(m.id));
  return Rebuild();
}

Result<MonitorReport> MonitorService::Report(const Account& viewer, Id id, int hours) {
  if (hours < 1 || hours > 720) return InvalidArgument("hours must be an integer in [1, 720]");
  CW_ASSIGN_OR_RETURN(Monitor m, Get(viewer, id));
  MonitorReport r;
  r.monitor = m;
  r.interval_s = 3600;
  const TimeMs now = ctx_.clock->NowMs();
  const TimeMs step = r.interval_s * 1000;
  const TimeMs first = (now / step - (hours - 1)) * step;
  CW_ASSIGN_OR_RETURN(auto hits, store_->ListMonitorHits(m.id, first, options_.report_hits + 1));
  if (hits.size() > static_cast<size_t>(options_.report_hits)) {
    r.truncated = true;
    hits.pop_back();
  }
  r.volume.resize(static_cast<size_t>(hours));
  for (int i = 0; i < hours; ++i) r.volume[static_cast<size_t>(i)].at = first + i * step;
  std::unordered_map<Id, int64_t> by_author;
  for (const auto& h : hits) {
    int64_t i = (h.at - first) / step;
    if (i < 0 || i >= hours) continue;
    auto& p = r.volume[static_cast<size_t>(i)];
    ++p.posts;
    ++r.posts;
    if (h.real) {
      ++p.real_posts;
      ++r.real_posts;
    }
    ++by_author[h.author_id];
  }
  // Top posts by engagement among the newest hits (bounded: counters are read per post).
  std::vector<Id> ids;
  for (size_t i = 0; i < hits.size() && i < 2000; ++i) ids.push_back(hits[i].post_id);
  CW_ASSIGN_OR_RETURN(auto posts, ctx_.store->posts().GetPostsByIds(ids));
  std::erase_if(posts, [](const Post& p) { return p.deleted(); });
  std::stable_sort(posts.begin(), posts.end(), [](const Post& a, const Post& b) {
    int64_t ea = Engagement(a), eb = Engagement(b);
    return ea != eb ? ea > eb : a.id > b.id;
  });
  if (posts.size() > 30) posts.resize(30);
  r.top_posts = std::move(posts);
  for (const auto& [author, n] : by_author) r.top_accounts.push_back({author, n});
  std::sort(r.top_accounts.begin(), r.top_accounts.end(), [](const auto& a, const auto& b) {
    return a.posts != b.posts ? a.posts > b.posts : a.account_id < b.account_id;
  });
  if (r.top_accounts.size() > 30) r.top_accounts.resize(30);
  CW_ASSIGN_OR_RETURN(r.alerts, store_->ListMonitorAlerts(m.id, 50));
  std::erase_if(r.alerts, [&](const MonitorAlert& a) { return a.at < first; });
  return r;
}

Result<std::pair<MonitorAlert, Monitor>> MonitorService::GetAlert(const Account& viewer,
                                                                  Id alert_id) {
  if (!store_) return Unavailable("monitors are not available");
  CW_ASSIGN_OR_RETURN(MonitorAlert a, store_->GetMonitorAlertById(alert_id));
  auto m = Get(viewer, a.monitor_id);
  if (!m.ok()) return NotFound("no such alert");
  return std::make_pair(a, *m);
}

void MonitorService::Observe(const Post& post, const search::Analysis& analysis) {
  if (!store_ || post.visibility != Visibility::kPublic || post.deleted()) return;
  if (post.created_at < ctx_.clock->NowMs() - options_.retention_ms) return;  // an old import
  std::shared_ptr<const analytics::MonitorMatcher> matcher;
  {
    std::lock_guard lock(matcher_mu_);
    matcher = matcher_;
  }
  if (matcher->monitors() == 0) return;
  std::vector<Id> matched =
      matcher->Match({&analysis.stream, &analysis.unigrams, &analysis.exact});
  if (matched.empty()) return;
  std::lock_guard lock(pending_mu_);
  for (Id id : matched) pending_.push_back({id, post.id, post.author_id, post.created_at});
}

Status MonitorService::Flush() {
  std::vector<MonitorHit> hits;
  {
    std::lock_guard lock(pending_mu_);
    hits.swap(pending_);
  }
  if (hits.empty() || !store_) return OkStatus();
  // A monitor deleted meanwhile leaves hits no report reads; the next prune drops them.
  return store_->PutMonitorHits(hits);
}

Result<std::vector<MonitorAlert>> MonitorService::CheckBursts() {
  std::vector<MonitorAlert> raised;
  if (!store_) return raised;
  std::lock_guard lock(check_mu_);
  CW_RETURN_IF_ERROR(Flush());
  CW_ASSIGN_OR_RETURN(auto all, store_->ListAllMonitors());
  const TimeMs now = ctx_.clock->NowMs();
  for (const auto& m : all) {
    auto one = CheckOne(m, now);
    if (!one.ok()) {
      CW_LOG(kWarn, "") << "monitor " << m.id << " burst check: " << one.error().message();
      continue;
    }
    raised.insert(raised.end(), one->begin(), one->end());
  }
  return raised;
}

Result<std::vector<MonitorAlert>> MonitorService::CheckOne(const Monitor& m, TimeMs now) {
  const TimeMs step = options_.interval_s * 1000;
  const int n = options_.baseline_intervals;
  CW_ASSIGN_OR_RETURN(auto last, store_->ListMonitorAlerts(m.id, 1));
  if (!last.empty() && last.front().at > now - step) return std::vector<MonitorAlert>{};
  // Sliding windows ending now: window 0 is (now - step, now], window k the one k steps back.
  // The baseline only counts windows since the monitor existed (backfill included), so a new
  // monitor is not judged against a history of zeros it never had.
  const TimeMs from = now - (n + 1) * step;
  CW_ASSIGN_OR_RETURN(auto hits, store_->ListMonitorHits(m.id, from + 1, options_.check_hits));
  std::vector<int64_t> counts(static_cast<size_t>(n + 1), 0);
  for (const auto& h : hits) {
    if (!h.real || h.at > now) continue;
    int64_t k = (now - h.at) / step;
    if (k >= 0 && k <= n) ++counts[static_cast<size_t>(k)];
  }
  const TimeMs known_since = std::min(m.created_at - options_.backfill_ms, now);
  std::vector<int64_t> history;
  for (int k = n; k >= 1; --k) {
    if (now - (k + 1) * step < known_since) continue;
    history.push_back(counts[static_cast<size_t>(k)]);
  }
  analytics::BurstVerdict v = analytics::JudgeBurst(counts[0], history, m.burst_factor, m.min_posts);
  if (!v.burst) return std::vector<MonitorAlert>{};
  MonitorAlert a;
  a.monitor_id = m.id;
  a.at = now;
  a.volume = counts[0];
  a.baseline = v.baseline;
  a.spread = v.spread;
  a.interval_s = options_.interval_s;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    a.id = ctx_.ids->Next();
    CW_RETURN_IF_ERROR(store_->PutMonitorAlert(a));
    Notification note;
    note.account_id = m.owner_id;
    note.type = NotificationType::kMonitorAlert;
    note.monitor_alert_id = a.id;
    note.created_at = now;
    return notifications_->Notify(note);
  }));
  if (!m.webhook_url.empty() && webhooks_) {
    boost::json::object body{
        {"type", "monitor_alert"},
        {"alert",
         {{"id", std::to_string(a.id)},
          {"at", FormatIsoTime(a.at)},
          {"volume", a.volume},
          {"baseline", a.baseline},
          {"spread", a.spread},
          {"interval_s", a.interval_s}}},
        {"monitor",
         {{"id", std::to_string(m.id)},
          {"name", m.name},
          {"keywords", boost::json::array(m.keywords.begin(), m.keywords.end())},
          {"topics", boost::json::array(m.topics.begin(), m.topics.end())}}}};
    MonitorStore* store = store_;
    Id alert_id = a.id;
    webhooks_->Post(m.webhook_url, boost::json::serialize(body),
                    [store, alert_id](const WebhookResult& r) {
                      Status st = store->SetMonitorAlertDelivery(alert_id, r.delivered,
                                                                 r.status_code);
                      if (!r.delivered) {
                        CW_LOG(kInfo, "") << "monitor webhook for alert " << alert_id
                                          << " not delivered: " << r.error;
                      }
                      if (!st.ok()) {
                        CW_LOG(kWarn, "") << "monitor alert " << alert_id << ": "
                                          << st.error().message();
                      }
                    });
  }
  return std::vector<MonitorAlert>{a};
}

void MonitorService::Start() {
  std::lock_guard lock(loop_mu_);
  if (thread_.joinable() || options_.check_every_s <= 0 || !store_) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void MonitorService::Stop() {
  {
    std::lock_guard lock(loop_mu_);
    stopping_ = true;
  }
  loop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MonitorService::Loop() {
  std::unique_lock lock(loop_mu_);
  while (!loop_cv_.wait_for(lock, std::chrono::seconds(options_.check_every_s),
                            [this] { return stopping_; })) {
    lock.unlock();
    auto raised = CheckBursts();
    if (!raised.ok()) {
      CW_LOG(kWarn, "") << "monitor burst check: " << raised.error().message();
    } else if (!raised->empty()) {
      CW_LOG(kInfo, "") << "monitor burst check: " << raised->size() << " alert(s)";
    }
    Status st = store_->DeleteMonitorHitsBefore(ctx_.clock->NowMs() - options_.retention_ms);
    if (!st.ok()) {
      CW_LOG(kWarn, "") << "monitor hit pruning: " << st.error().message();
    }
    lock.lock();
  }
}

}  // namespace cw
