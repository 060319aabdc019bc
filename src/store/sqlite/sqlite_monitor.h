// MonitorStore on SQLite (schema/0005_monitors.sql). Safe for concurrent use.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteMonitorStore : public MonitorStore {
 public:
  explicit SqliteMonitorStore(Db* db) : db_(*db) {}
  Status PutMonitor(const Monitor& m) override;
  Result<Monitor> GetMonitorById(Id id) override;
  Result<std::vector<Monitor>> ListMonitorsByOwner(Id owner_id) override;
  Result<std::vector<Monitor>> ListAllMonitors() override;
  Status UpdateMonitor(const Monitor& m) override;
  Status DeleteMonitorById(Id id) override;
  Status PutMonitorHits(const std::vector<MonitorHit>& hits) override;
  Result<std::vector<MonitorHitRow>> ListMonitorHits(Id monitor_id, TimeMs since,
                                                     int limit) override;
  Status DeleteMonitorHitsBefore(TimeMs before) override;
  Status PutMonitorAlert(const MonitorAlert& a) override;
  Result<MonitorAlert> GetMonitorAlertById(Id id) override;
  Result<std::vector<MonitorAlert>> ListMonitorAlerts(Id monitor_id, int limit) override;
  Status SetMonitorAlertDelivery(Id id, bool delivered, int status_code) override;

 private:
  Result<std::vector<Monitor>> ListWhere(const char* where, Id arg);
  Db& db_;
};

}  // namespace cw::sqlite
