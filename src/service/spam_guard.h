// The spam score at write time: every new post, forward comment and comment is scored as it is
// written (near-duplicates of the author's and others' recent texts, links, mentions, posting
// rate, account age, profile; integrity/spam.h). A score at or above the line opens — or
// refreshes — the author's spam case in the moderators' queue, so a bot is in front of a person
// within seconds instead of at the next scan. The write itself always goes through: the score
// never hides anything by itself. Memory is bounded. Thread-safe.
#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "integrity/simhash.h"
#include "integrity/spam.h"
#include "service/context.h"

namespace cw {

class ModerationService;

class SpamGuard {
 public:
  static constexpr size_t kMaxAuthorsTracked = 200'000;
  // An author's open case is refreshed at most this often (a bot posting every second would
  // otherwise add a write to each of its posts).
  static constexpr TimeMs kCaseRefreshMs = 10 * 60 * 1000;

  SpamGuard(const ServiceContext& ctx, ModerationService* moderation)
      : ctx_(ctx), moderation_(moderation) {}

  // Scores `text`, just written by `author`, and remembers it for the next ones.
  integrity::SpamScore Check(const Account& author, const std::string& text);

 private:
  // The author's writes in the hour before `now` (then counts this one).
  uint32_t RecentWrites(Id author, TimeMs now);
  // Whether the author's case should be written now (and notes that it is).
  bool DueForCase(Id author, TimeMs now);

  ServiceContext ctx_;
  ModerationService* moderation_;
  integrity::RecentTextIndex recent_;
  std::mutex mu_;
  std::unordered_map<Id, std::deque<TimeMs>> writes_;  // GUARDED_BY(mu_)
  std::unordered_map<Id, TimeMs> recorded_;            // GUARDED_BY(mu_): last case write
};

}  // namespace cw
