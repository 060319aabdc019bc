#include "service/spam_guard.h"

#include <boost/json.hpp>

#include "common/log.h"
#include "service/moderation_service.h"

namespace cw {

uint32_t SpamGuard::RecentWrites(Id author, TimeMs now) {
  constexpr TimeMs kHourMs = 3600 * 1000;
  std::lock_guard lock(mu_);
  if (writes_.size() >= kMaxAuthorsTracked && !writes_.count(author)) writes_.clear();
  std::deque<TimeMs>& times = writes_[author];
  while (!times.empty() && now - times.front() > kHourMs) times.pop_front();
  auto count = static_cast<uint32_t>(times.size());
  if (times.size() < 1000) times.push_back(now);
  return count;
}

bool SpamGuard::DueForCase(Id author, TimeMs now) {
  std::lock_guard lock(mu_);
  if (recorded_.size() >= kMaxAuthorsTracked && !recorded_.count(author)) recorded_.clear();
  auto [it, fresh] = recorded_.try_emplace(author, now);
  if (!fresh && now - it->second < kCaseRefreshMs) return false;
  it->second = now;
  return true;
}

integrity::SpamScore SpamGuard::Check(const Account& author, const std::string& text) {
  TimeMs now = ctx_.clock->NowMs();
  integrity::DuplicateCounts dups = recent_.CheckAndAdd(author.id, text, now);
  integrity::TextCounts counts = integrity::CountTextFeatures(text);
  integrity::SpamSignals s;
  s.own_duplicates = dups.by_author;
  s.other_duplicates = dups.by_others;
  s.other_duplicate_authors = dups.other_authors;
  s.links = counts.links;
  s.mentions = counts.mentions;
  s.text_length = counts.length;
  s.posts_last_hour = RecentWrites(author.id, now);
  s.account_age_ms = now - author.created_at;
  s.has_avatar = author.has_avatar;
  s.has_bio = !author.bio.empty();
  s.fans = static_cast<uint32_t>(std::max<int64_t>(0, author.fans_count));
  integrity::SpamScore score = integrity::ScoreSpam(s);
  if (score.score < integrity::SpamOptions{}.post_threshold || !moderation_) return score;
  if (!DueForCase(author.id, now)) return score;

  std::string reasons;
  for (const auto& r : score.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
  Finding f;
  f.kind = CaseKind::kSpamBot;
  f.members = {author.id};
  f.fingerprint = "spam_bot:" + std::to_string(author.id);
  f.score = score.score;
  f.summary = "posts like a spam bot";
  f.evidence = boost::json::serialize(boost::json::object{
      {"score", score.score}, {"example", text}, {"reasons", reasons}, {"source", "write"}});
  auto recorded = moderation_->RecordFinding(f);
  if (!recorded.ok()) {
    CW_LOG(kWarn, "") << "spam case for " << author.id << ": " << recorded.error().message();
  }
  return score;
}

}  // namespace cw
