// Integrity: member reports, moderation cases with their evidence, moderator actions (the audit
// log), and the detectors' verdict on each account. Plain data, no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace cw {

enum class ReportCategory { kSpam, kZombie, kHarassment, kIllegal, kOther };
// What opened a case: a member's report or one of the detectors.
enum class CaseKind { kReport, kZombieFarm, kWaterArmy, kSpamBot };
enum class CaseState { kOpen, kResolved };
enum class ModerationAction {
  kDismiss,        // the case was wrong: nothing happens to the account; detectors stop counting it
  kLimit,          // hidden from hot lists, search and recommendations; counts as not credible
  kUnlimit,
  kRemoveFollows,  // deletes the follows a zombie block made to its customers
  kSuspend,
  kRestore,        // undoes limit or suspension
};

const char* ReportCategoryName(ReportCategory c);
const char* CaseKindName(CaseKind k);
const char* CaseStateName(CaseState s);
const char* ModerationActionName(ModerationAction a);
std::optional<ReportCategory> ParseReportCategory(std::string_view s);
std::optional<CaseKind> ParseCaseKind(std::string_view s);
std::optional<CaseState> ParseCaseState(std::string_view s);
std::optional<ModerationAction> ParseModerationAction(std::string_view s);

struct Report {
  Id id = 0;
  Id reporter_id = 0;
  Id account_id = 0;  // the reported account
  Id post_id = 0;     // optional: the post reported
  Id comment_id = 0;  // optional: the comment reported
  ReportCategory category = ReportCategory::kOther;
  std::string comment;
  Id case_id = 0;
  TimeMs created_at = 0;
};

// Roles of the accounts a case names: the accounts it is about (a farm's zombies, a crew) and
// the accounts they served (a farm's customers).
enum class CaseRole { kMember, kTarget };

struct Case {
  Id id = 0;
  CaseKind kind = CaseKind::kReport;
  CaseState state = CaseState::kOpen;
  Id account_id = 0;  // the main subject: the reported account, or a group's first member
  double score = 0;   // the detector's confidence; for reports, the number of reporters
  std::string summary;   // one line for the queue
  std::string evidence;  // JSON: what the detector saw (members, windows, duplicate texts ...)
  std::string fingerprint;  // a detector's key for "the same group again" (empty for reports)
  int64_t members_count = 0;
  int64_t reports_count = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::string resolution;  // the last action's name, once resolved
  Id resolved_by = 0;
};

// One line of the audit log: who did what to whom, why.
struct ModerationEntry {
  Id id = 0;
  Id moderator_id = 0;  // 0: the system
  ModerationAction action = ModerationAction::kDismiss;
  Id case_id = 0;
  Id account_id = 0;
  std::string reason;
  std::string details;  // e.g. "removed 412 follows"
  TimeMs created_at = 0;
};

// The latest scan's verdict on one account. Scores are in [0, 1].
struct Verdict {
  Id account_id = 0;
  double zombie = 0, water_army = 0, spam_bot = 0;
  double credibility = 1;
  std::vector<std::string> labels;
  std::string evidence;
  TimeMs scanned_at = 0;
  bool cleared = false;  // a moderator dismissed the detectors' case: it stays credible
};

}  // namespace cw
