// IntegrityStore on SQLite (schema/0003_integrity.sql). Safe for concurrent use.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteIntegrityStore : public IntegrityStore {
 public:
  explicit SqliteIntegrityStore(Db* db) : db_(*db) {}
  Status PutReport(const Report& r) override;
  Result<std::vector<Report>> ListReportsByCase(Id case_id, const Page& page) override;
  Result<bool> HasOpenReport(Id reporter_id, Id account_id) override;
  Status PutCase(const Case& c) override;
  Result<Case> GetCase(Id id) override;
  Result<Case> FindOpenCase(CaseKind kind, Id account_id) override;
  Result<Case> GetCaseByFingerprint(const std::string& fingerprint) override;
  Result<std::vector<Case>> ListCases(std::optional<CaseState> state, std::optional<CaseKind> kind,
                                      const Page& page) override;
  Status UpdateCase(const Case& c) override;
  Status PutCaseAccounts(Id case_id, CaseRole role, const std::vector<Id>& ids) override;
  Result<std::vector<Id>> ListCaseAccounts(Id case_id, CaseRole role, int limit) override;
  Status PutModerationEntry(const ModerationEntry& e) override;
  Result<ModerationEntry> GetModerationEntry(Id id) override;
  Result<std::vector<ModerationEntry>> ListModerationLog(Id account_id, const Page& page) override;
  Status PutVerdicts(const std::vector<Verdict>& verdicts) override;
  Result<Verdict> GetVerdict(Id account_id) override;
  Result<std::unordered_set<Id>> ListClearedAccounts() override;
  Status SetCleared(Id account_id, bool cleared, TimeMs at) override;
  Status ReplaceSuspectCounts(const SuspectCounts& counts) override;
  Status RecountSuspect(const std::vector<Id>& account_ids) override;
  Status PruneVerdicts(TimeMs before) override;
  Status ReadForScan(const ScanVisitor& visit) override;

 private:
  Db& db_;
};

}  // namespace cw::sqlite
