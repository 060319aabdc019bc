#include "service/moderation_service.h"

#include <algorithm>

#include "service/account_service.h"
#include "service/notification_service.h"
#include "service/relation_service.h"

namespace cw {
namespace {

// How many of a group case's accounts one action reaches; larger groups are acted on in turn.
constexpr int kMaxActedAccounts = 100'000;

std::string ReportSummary(ReportCategory c) {
  return std::string("reported for ") + ReportCategoryName(c);
}

bool Resolves(ModerationAction a) {
  return a != ModerationAction::kUnlimit && a != ModerationAction::kRestore;
}

}  // namespace

Status ModerationService::RequireModerator(const Account& actor) const {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  return OkStatus();
}

Result<Report> ModerationService::FileReport(const Account& reporter, const ReportRequest& r) {
  IntegrityStore* store = ctx_.store->integrity();
  if (!store) return Unavailable("reports are not available");
  auto category = ParseReportCategory(r.category);
  if (!category) {
    return InvalidArgument("category must be spam, zombie, harassment, illegal or other");
  }
  CW_RETURN_IF_ERROR(CheckText(r.comment, kReportCommentChars, "comment", true));
  if (r.account_id == reporter.id) return InvalidArgument("you cannot report yourself");
  CW_ASSIGN_OR_RETURN(Account target, ctx_.store->accounts().GetAccountById(r.account_id));
  if (r.post_id) {
    auto p = ctx_.store->posts().GetPostById(r.post_id);
    if (!p.ok() || p->author_id != target.id) {
      return InvalidArgument("the post is not by the reported account");
    }
  }
  if (r.comment_id) {
    auto c = ctx_.store->comments().GetCommentById(r.comment_id);
    if (!c.ok() || c->author_id != target.id) {
      return InvalidArgument("the comment is not by the reported account");
    }
  }
  Report report;
  report.id = ctx_.ids->Next();
  report.reporter_id = reporter.id;
  report.account_id = target.id;
  report.post_id = r.post_id;
  report.comment_id = r.comment_id;
  report.category = *category;
  report.comment = r.comment;
  report.created_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(bool repeat, store->HasOpenReport(reporter.id, target.id));
    auto open = store->FindOpenCase(CaseKind::kReport, target.id);
    if (!open.ok() && !HasCode(open.status(), ErrorCode::kNotFound)) return open.error();
    Case c;
    if (open.ok()) {
      c = *open;
    } else {
      c.id = ctx_.ids->Next();
      c.kind = CaseKind::kReport;
      c.account_id = target.id;
      c.created_at = report.created_at;
      c.summary = ReportSummary(*category);
    }
    report.case_id = c.id;
    c.reports_count += 1;
    if (!repeat) c.score += 1;  // distinct reporters
    c.updated_at = report.created_at;
    if (open.ok()) {
      CW_RETURN_IF_ERROR(store->UpdateCase(c));
    } else {
      CW_RETURN_IF_ERROR(store->PutCase(c));
    }
    return store->PutReport(report);
  }));
  return report;
}

Result<std::vector<Case>> ModerationService::ListCases(const Account& actor,
                                                       std::optional<CaseState> state,
                                                       std::optional<CaseKind> kind,
                                                       const Page& page) {
  CW_RETURN_IF_ERROR(RequireModerator(actor));
  IntegrityStore* store = ctx_.store->integrity();
  if (!store) return Unavailable("moderation is not available");
  return store->ListCases(state, kind, page);
}

Result<CaseDetail> ModerationService::LoadCase(Id case_id, int limit) {
  IntegrityStore* store = ctx_.store->integrity();
  if (!store) return Unavailable("moderation is not available");
  CaseDetail d;
  CW_ASSIGN_OR_RETURN(d.c, store->GetCase(case_id));
  CW_ASSIGN_OR_RETURN(d.members, store->ListCaseAccounts(case_id, CaseRole::kMember, limit));
  CW_ASSIGN_OR_RETURN(d.targets, store->ListCaseAccounts(case_id, CaseRole::kTarget, limit));
  Page page;
  page.limit = 50;
  CW_ASSIGN_OR_RETURN(d.reports, store->ListReportsByCase(case_id, page));
  return d;
}

Result<CaseDetail> ModerationService::GetCase(const Account& actor, Id case_id) {
  CW_RETURN_IF_ERROR(RequireModerator(actor));
  return LoadCase(case_id, kCaseAccountsShown);
}

Result<bool> ModerationService::ApplyToAccount(const Account& actor, Id account_id,
                                               ModerationAction action, Id case_id,
                                               const std::string& reason,
                                               const std::string& details) {
  IntegrityStore* store = ctx_.store->integrity();
  CW_ASSIGN_OR_RETURN(Account a, ctx_.store->accounts().GetAccountById(account_id));
  if (a.role == Role::kAdmin && actor.role != Role::kAdmin) {
    return PermissionDenied("moderators cannot act on admins");
  }
  if (a.id == actor.id && action != ModerationAction::kDismiss) {
    return InvalidArgument("you cannot act on your own account");
  }
  TimeMs now = ctx_.clock->NowMs();
  AccountState state = a.state;
  switch (action) {
    case ModerationAction::kDismiss:
      CW_RETURN_IF_ERROR(store->SetCleared(a.id, true, now));
      break;
    case ModerationAction::kLimit:
      if (state == AccountState::kActive) state = AccountState::kLimited;
      break;
    case ModerationAction::kUnlimit:
      if (state == AccountState::kLimited) state = AccountState::kActive;
      break;
    case ModerationAction::kSuspend:
      state = AccountState::kSuspended;
      break;
    case ModerationAction::kRestore:
      state = AccountState::kActive;
      break;
    case ModerationAction::kRemoveFollows:
      break;  // the follows are removed by the caller; this logs and notifies
  }
  if (state != a.state) {
    a.state = state;
    CW_RETURN_IF_ERROR(ctx_.store->accounts().UpdateAccount(a));
    if (state == AccountState::kSuspended) {
      CW_RETURN_IF_ERROR(ctx_.store->accounts().DeleteSessionsByAccount(a.id));
    }
  }
  // Credible: active, and not labelled by the detectors unless a moderator cleared it.
  auto verdict = store->GetVerdict(a.id);
  bool labelled = verdict.ok() && !verdict->labels.empty() && !verdict->cleared;
  bool credible = a.state == AccountState::kActive && !labelled;
  bool flipped = credible != a.credible;
  if (flipped) CW_RETURN_IF_ERROR(ctx_.store->accounts().SetCredible(a.id, credible));

  ModerationEntry e;
  e.id = ctx_.ids->Next();
  e.moderator_id = actor.id;
  e.action = action;
  e.case_id = case_id;
  e.account_id = a.id;
  e.reason = reason;
  e.details = details;
  e.created_at = now;
  CW_RETURN_IF_ERROR(store->PutModerationEntry(e));
  if (action != ModerationAction::kDismiss) {
    Notification n;
    n.account_id = a.id;
    n.type = NotificationType::kModeration;
    n.moderation_id = e.id;
    n.created_at = now;
    CW_RETURN_IF_ERROR(notifications_->Notify(n));
  }
  return flipped;
}

Status ModerationService::Recount(const std::vector<Id>& flipped) {
  if (on_changed_) {
    for (Id id : flipped) on_changed_(id);
  }
  if (flipped.empty()) return OkStatus();
  Status st = ctx_.store->integrity()->RecountSuspect(flipped);
  ctx_.store->DropCaches();
  return st;
}

Result<Case> ModerationService::ActOnCase(const Account& actor, Id case_id,
                                          ModerationAction action, const std::string& reason) {
  CW_RETURN_IF_ERROR(RequireModerator(actor));
  if (reason.empty()) return InvalidArgument("a reason is required");
  CW_RETURN_IF_ERROR(CheckText(reason, kReasonChars, "reason", true));
  CW_ASSIGN_OR_RETURN(CaseDetail d, LoadCase(case_id, kMaxActedAccounts));
  std::vector<Id> accounts = d.c.kind == CaseKind::kReport ? std::vector<Id>{d.c.account_id}
                                                           : d.members;
  std::string details;
  if (action == ModerationAction::kRemoveFollows) {
    if (d.targets.empty()) return InvalidArgument("this case names no followed accounts");
    std::vector<std::pair<Id, Id>> pairs;
    for (Id m : d.members) {
      for (Id t : d.targets) pairs.emplace_back(m, t);
    }
    CW_ASSIGN_OR_RETURN(int64_t removed, relations_->RemoveFollows(pairs));
    details = "removed " + std::to_string(removed) + " follows by " +
              std::to_string(d.members.size()) + " accounts";
    accounts = d.targets;  // the customers are told; the zombies are not worth a message
  }
  std::vector<Id> flipped;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    flipped.clear();
    for (Id id : accounts) {
      CW_ASSIGN_OR_RETURN(bool f, ApplyToAccount(actor, id, action, case_id, reason, details));
      if (f) flipped.push_back(id);
    }
    Case c = d.c;
    c.updated_at = ctx_.clock->NowMs();
    if (Resolves(action)) {
      c.state = CaseState::kResolved;
      c.resolution = ModerationActionName(action);
      c.resolved_by = actor.id;
    }
    d.c = c;
    return ctx_.store->integrity()->UpdateCase(c);
  }));
  CW_RETURN_IF_ERROR(Recount(flipped));
  return d.c;
}

Result<Account> ModerationService::ActOnAccount(const Account& actor, Id account_id,
                                                ModerationAction action,
                                                const std::string& reason) {
  CW_RETURN_IF_ERROR(RequireModerator(actor));
  if (!ctx_.store->integrity()) return Unavailable("moderation is not available");
  if (reason.empty()) return InvalidArgument("a reason is required");
  CW_RETURN_IF_ERROR(CheckText(reason, kReasonChars, "reason", true));
  if (action == ModerationAction::kRemoveFollows) {
    return InvalidArgument("remove_follows acts on a zombie-farm case");
  }
  bool flipped = false;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(flipped, ApplyToAccount(actor, account_id, action, 0, reason, ""));
    return OkStatus();
  }));
  if (flipped) CW_RETURN_IF_ERROR(Recount({account_id}));
  return ctx_.store->accounts().GetAccountById(account_id);
}

Result<std::vector<ModerationEntry>> ModerationService::ListLog(const Account& actor,
                                                                Id account_id, const Page& page) {
  CW_RETURN_IF_ERROR(RequireModerator(actor));
  if (!ctx_.store->integrity()) return Unavailable("moderation is not available");
  return ctx_.store->integrity()->ListModerationLog(account_id, page);
}

Result<ModerationEntry> ModerationService::GetEntry(const Account& viewer, Id entry_id) {
  if (!ctx_.store->integrity()) return Unavailable("moderation is not available");
  CW_ASSIGN_OR_RETURN(ModerationEntry e, ctx_.store->integrity()->GetModerationEntry(entry_id));
  if (e.account_id != viewer.id && !IsModerator(viewer)) return NotFound("log entry not found");
  return e;
}

Result<Case> ModerationService::RecordFinding(const Finding& f) {
  IntegrityStore* store = ctx_.store->integrity();
  if (!store) return Unavailable("moderation is not available");
  if (f.members.empty()) return InvalidArgument("a finding names its accounts");
  Case c;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    TimeMs now = ctx_.clock->NowMs();
    auto known = store->GetCaseByFingerprint(f.fingerprint);
    if (!known.ok() && !HasCode(known.status(), ErrorCode::kNotFound)) return known.error();
    if (known.ok()) {
      c = *known;
      if (c.state == CaseState::kResolved) return OkStatus();
      c.score = f.score;
      c.summary = f.summary;
      c.evidence = f.evidence;
      c.members_count = static_cast<int64_t>(f.members.size());
      c.updated_at = now;
      CW_RETURN_IF_ERROR(store->UpdateCase(c));
    } else {
      c.id = ctx_.ids->Next();
      c.kind = f.kind;
      c.account_id = f.members.front();
      c.score = f.score;
      c.summary = f.summary;
      c.evidence = f.evidence;
      c.fingerprint = f.fingerprint;
      c.members_count = static_cast<int64_t>(f.members.size());
      c.created_at = c.updated_at = now;
      CW_RETURN_IF_ERROR(store->PutCase(c));
    }
    CW_RETURN_IF_ERROR(store->PutCaseAccounts(c.id, CaseRole::kMember, f.members));
    return store->PutCaseAccounts(c.id, CaseRole::kTarget, f.targets);
  }));
  return c;
}

}  // namespace cw
