// Moderation: member reports, the case queue (fed by reports and by the detectors), and
// moderator actions on cases and accounts — dismiss, limit, remove a zombie block's follows,
// suspend, restore — each with a reason, written to the audit log and notified to the account
// it touched. Nothing happens to an account without a moderator: detectors only open cases and
// lower credibility (which counts only in the "real" figures). Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/integrity.h"
#include "service/context.h"

namespace cw {

class NotificationService;
class RelationService;

struct ReportRequest {
  Id account_id = 0;
  Id post_id = 0;
  Id comment_id = 0;
  std::string category;
  std::string comment;
};

struct CaseDetail {
  Case c;
  std::vector<Id> members;  // bounded (kCaseAccountsShown)
  std::vector<Id> targets;
  std::vector<Report> reports;  // newest first, bounded
};

// What a detector found, for the queue.
struct Finding {
  CaseKind kind = CaseKind::kZombieFarm;
  std::string fingerprint;  // the same group on the next scan has the same fingerprint
  std::vector<Id> members;
  std::vector<Id> targets;
  double score = 0;
  std::string summary;
  std::string evidence;  // JSON
};

class ModerationService {
 public:
  static constexpr int kCaseAccountsShown = 500;
  static constexpr size_t kReasonChars = 500;
  static constexpr size_t kReportCommentChars = 1000;

  ModerationService(const ServiceContext& ctx, NotificationService* notifications,
                    RelationService* relations)
      : ctx_(ctx), notifications_(notifications), relations_(relations) {}
  // Called after an action commits, once per account whose state or credibility it changed
  // (hot search forgets what it knew of them).
  void set_on_account_changed(std::function<void(Id)> fn) { on_changed_ = std::move(fn); }

  // Any member may report an account (optionally one of its posts or comments). Reports about
  // the same account gather in one open case; one reporter counts once per open case.
  Result<Report> FileReport(const Account& reporter, const ReportRequest& r);

  // Moderators only (kPermissionDenied otherwise).
  Result<std::vector<Case>> ListCases(const Account& actor, std::optional<CaseState> state,
                                      std::optional<CaseKind> kind, const Page& page);
  Result<CaseDetail> GetCase(const Account& actor, Id case_id);
  // Applies `action` to the case's accounts (a report's subject, or a group's members; for
  // kRemoveFollows, the members' follows of the targets) and resolves the case.
  Result<Case> ActOnCase(const Account& actor, Id case_id, ModerationAction action,
                         const std::string& reason);
  // The same on one account, outside any case.
  Result<Account> ActOnAccount(const Account& actor, Id account_id, ModerationAction action,
                               const std::string& reason);
  Result<std::vector<ModerationEntry>> ListLog(const Account& actor, Id account_id,
                                               const Page& page);
  // A log entry, for the moderators and for the account it concerns (its notification).
  Result<ModerationEntry> GetEntry(const Account& viewer, Id entry_id);

  // The detectors' way in: opens a case for a finding, or refreshes the open case with the same
  // fingerprint. A resolved case is not reopened for the same group.
  Result<Case> RecordFinding(const Finding& f);

 private:
  Status RequireModerator(const Account& actor) const;
  Result<CaseDetail> LoadCase(Id case_id, int limit);
  // Changes one account for `action` (inside a write unit) and logs and notifies it; returns
  // whether its credibility flipped.
  Result<bool> ApplyToAccount(const Account& actor, Id account_id, ModerationAction action,
                              Id case_id, const std::string& reason, const std::string& details);
  Status Recount(const std::vector<Id>& flipped);

  ServiceContext ctx_;
  NotificationService* notifications_;
  RelationService* relations_;
  std::function<void(Id)> on_changed_;
};

}  // namespace cw
