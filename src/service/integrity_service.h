// The offline integrity scan as a job: reads a snapshot of the whole store, runs the detectors
// (integrity/scan.h), and writes back what they found — each account's verdict, the credible
// flags and the exact suspect part of every count (so "real" figures follow), and moderator
// cases for the groups and bots. Labels lower credibility; they never suspend or hide anyone by
// themselves. One scan at a time. Thread-safe.
#pragma once

#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "integrity/scan.h"
#include "service/context.h"

namespace cw {

class ModerationService;

struct IntegrityScanOptions {
  integrity::ScanOptions scan;
  bool apply = true;  // false: only report (dry run)
};

struct IntegrityScanReport {
  int64_t accounts = 0, follows = 0, posts = 0, comments = 0, likes = 0;
  int64_t zombies = 0, water_army = 0, spam_bots = 0;  // accounts labelled
  int64_t not_credible = 0;  // after moderators' clearances and account states
  int64_t groups = 0;
  int64_t cases_recorded = 0;  // opened or refreshed
  std::vector<integrity::StageTiming> timings;  // load, the detectors' stages, apply
  std::string Summary() const;
};

class IntegrityService {
 public:
  // Accounts whose highest score reaches this keep a verdict row (and appear in the JSON).
  static constexpr double kReportedScore = 0.1;

  IntegrityService(const ServiceContext& ctx, ModerationService* moderation)
      : ctx_(ctx), moderation_(moderation) {}
  // Called after a scan's results are written (hot search forgets its weights).
  void set_on_applied(std::function<void()> fn) { on_applied_ = std::move(fn); }

  // Runs a full scan. With `json`, writes the scan output of ../shared/world-format.md there.
  // kUnavailable if a scan is already running.
  Result<IntegrityScanReport> Scan(const IntegrityScanOptions& options, std::ostream* json);

 private:
  ServiceContext ctx_;
  ModerationService* moderation_;
  std::mutex running_;
  std::function<void()> on_applied_;
};

}  // namespace cw
