// MonitorStore on SQLite: monitors (keyword and topic lists one per line), their hits and alerts.
#include "store/sqlite/sqlite_monitor.h"

#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

constexpr const char* kMonitorColumns =
    "id, owner_id, name, keywords, topics, webhook_url, burst_factor, min_posts, created_at, "
    "updated_at";
constexpr const char* kAlertColumns =
    "id, monitor_id, at, volume, baseline, spread, interval_s, delivered, status_code";

// Validated input never holds a newline, so a list is its items joined by '\n'.
std::string JoinLines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Monitor ReadMonitor(Stmt& q) {
  Monitor m;
  m.id = q.Int(0);
  m.owner_id = q.Int(1);
  m.name = q.Text(2);
  m.keywords = SplitLines(q.Text(3));
  m.topics = SplitLines(q.Text(4));
  m.webhook_url = q.Text(5);
  m.burst_factor = q.Double(6);
  m.min_posts = q.Int(7);
  m.created_at = q.Int(8);
  m.updated_at = q.Int(9);
  return m;
}

MonitorAlert ReadAlert(Stmt& q) {
  MonitorAlert a;
  a.id = q.Int(0);
  a.monitor_id = q.Int(1);
  a.at = q.Int(2);
  a.volume = q.Int(3);
  a.baseline = q.Double(4);
  a.spread = q.Double(5);
  a.interval_s = q.Int(6);
  a.delivered = q.Int(7) != 0;
  a.status_code = static_cast<int>(q.Int(8));
  return a;
}

}  // namespace

Status SqliteMonitorStore::PutMonitor(const Monitor& m) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO monitors (") + kMonitorColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return q
        .Bind(m.id, m.owner_id, m.name, JoinLines(m.keywords), JoinLines(m.topics), m.webhook_url,
              m.burst_factor, m.min_posts, m.created_at, m.updated_at)
        .Run();
  });
}

Result<Monitor> SqliteMonitorStore::GetMonitorById(Id id) {
  CW_ASSIGN_OR_RETURN(auto rows, ListWhere("id = ?", id));
  if (rows.empty()) return NotFound("no such monitor");
  return std::move(rows.front());
}

Result<std::vector<Monitor>> SqliteMonitorStore::ListMonitorsByOwner(Id owner_id) {
  return ListWhere("owner_id = ?", owner_id);
}

Result<std::vector<Monitor>> SqliteMonitorStore::ListAllMonitors() {
  return ListWhere("? = 0", 0);
}

Result<std::vector<Monitor>> SqliteMonitorStore::ListWhere(const char* where, Id arg) {
  return ReadResult<std::vector<Monitor>>(db_, [&](Conn& c) -> Result<std::vector<Monitor>> {
    Stmt q(c, std::string("SELECT ") + kMonitorColumns + " FROM monitors WHERE " + where +
                  " ORDER BY id");
    q.Bind(arg);
    return Collect<Monitor>(q, ReadMonitor);
  });
}

Status SqliteMonitorStore::UpdateMonitor(const Monitor& m) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "UPDATE monitors SET name = ?, keywords = ?, topics = ?, webhook_url = ?, "
           "burst_factor = ?, min_posts = ?, updated_at = ? WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(m.name, JoinLines(m.keywords), JoinLines(m.topics), m.webhook_url,
                              m.burst_factor, m.min_posts, m.updated_at, m.id)
                           .Run());
    if (q.Changes() == 0) return NotFound("no such monitor");
    return OkStatus();
  });
}

Status SqliteMonitorStore::DeleteMonitorById(Id id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM monitors WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(id).Run());
    if (q.Changes() == 0) return NotFound("no such monitor");
    Stmt h(c, "DELETE FROM monitor_hits WHERE monitor_id = ?");
    CW_RETURN_IF_ERROR(h.Bind(id).Run());
    Stmt a(c, "DELETE FROM monitor_alerts WHERE monitor_id = ?");
    return a.Bind(id).Run();
  });
}

Status SqliteMonitorStore::PutMonitorHits(const std::vector<MonitorHit>& hits) {
  if (hits.empty()) return OkStatus();
  return WriteStatus(db_, [&](Conn& c) -> Status {
    for (const auto& h : hits) {
      Stmt q(c,
             "INSERT INTO monitor_hits (monitor_id, post_id, author_id, at) VALUES (?, ?, ?, ?) "
             "ON CONFLICT DO NOTHING");
      CW_RETURN_IF_ERROR(q.Bind(h.monitor_id, h.post_id, h.author_id, h.at).Run());
    }
    return OkStatus();
  });
}

Result<std::vector<MonitorHitRow>> SqliteMonitorStore::ListMonitorHits(Id monitor_id,
                                                                       TimeMs since, int limit) {
  return ReadResult<std::vector<MonitorHitRow>>(
      db_, [&](Conn& c) -> Result<std::vector<MonitorHitRow>> {
        Stmt q(c,
               "SELECT h.post_id, h.author_id, h.at, "
               "COALESCE(a.state = 'active' AND a.credible = 1, 0) "
               "FROM monitor_hits h JOIN posts p ON p.id = h.post_id AND p.deleted_at = 0 "
               "LEFT JOIN accounts a ON a.id = h.author_id "
               "WHERE h.monitor_id = ? AND h.at >= ? ORDER BY h.at DESC LIMIT ?");
        q.Bind(monitor_id, since, limit);
        return Collect<MonitorHitRow>(q, [](Stmt& s) {
          return MonitorHitRow{s.Int(0), s.Int(1), s.Int(2), s.Int(3) != 0};
        });
      });
}

Status SqliteMonitorStore::DeleteMonitorHitsBefore(TimeMs before) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "DELETE FROM monitor_hits WHERE at < ?");
    return q.Bind(before).Run();
  });
}

Status SqliteMonitorStore::PutMonitorAlert(const MonitorAlert& a) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, std::string("INSERT INTO monitor_alerts (") + kAlertColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return q
        .Bind(a.id, a.monitor_id, a.at, a.volume, a.baseline, a.spread, a.interval_s, a.delivered,
              a.status_code)
        .Run();
  });
}

Result<MonitorAlert> SqliteMonitorStore::GetMonitorAlertById(Id id) {
  return ReadResult<MonitorAlert>(db_, [&](Conn& c) -> Result<MonitorAlert> {
    Stmt q(c, std::string("SELECT ") + kAlertColumns + " FROM monitor_alerts WHERE id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("no such alert");
    return ReadAlert(q);
  });
}

Result<std::vector<MonitorAlert>> SqliteMonitorStore::ListMonitorAlerts(Id monitor_id, int limit) {
  return ReadResult<std::vector<MonitorAlert>>(
      db_, [&](Conn& c) -> Result<std::vector<MonitorAlert>> {
        Stmt q(c, std::string("SELECT ") + kAlertColumns +
                      " FROM monitor_alerts WHERE monitor_id = ? ORDER BY id DESC LIMIT ?");
        q.Bind(monitor_id, limit);
        return Collect<MonitorAlert>(q, ReadAlert);
      });
}

Status SqliteMonitorStore::SetMonitorAlertDelivery(Id id, bool delivered, int status_code) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "UPDATE monitor_alerts SET delivered = ?, status_code = ? WHERE id = ?");
    CW_RETURN_IF_ERROR(q.Bind(delivered, status_code, id).Run());
    if (q.Changes() == 0) return NotFound("no such alert");
    return OkStatus();
  });
}

}  // namespace cw::sqlite
