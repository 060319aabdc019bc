#include "store/sqlite/sqlite_store.h"

#include <atomic>
#include <filesystem>

#include "common/log.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_bulk.h"
#include "store/sqlite/sqlite_integrity.h"
#include "store/sqlite/sqlite_monitor.h"
#include "store/sqlite/sqlite_search.h"
#include "store/sqlite/sqlite_analytics.h"
#include "store/sqlite/sqlite_signup.h"

namespace cw::sqlite {
namespace {

class SqliteStore : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> db, std::unique_ptr<Db> index)
      : db_(std::move(db)),
        index_(std::move(index)),
        accounts_(db_.get()),
        relations_(db_.get()),
        posts_(db_.get()),
        comments_(db_.get()),
        messages_(db_.get()),
        notifications_(db_.get()),
        search_(db_.get(), index_.get()),
        integrity_(db_.get()),
        signups_(db_.get()),
        analytics_(db_.get()),
        monitors_(db_.get()) {}
  ~SqliteStore() override { Close(); }

  AccountStore& accounts() override { return accounts_; }
  RelationStore& relations() override { return relations_; }
  PostStore& posts() override { return posts_; }
  CommentStore& comments() override { return comments_; }
  MessageStore& messages() override { return messages_; }
  NotificationStore& notifications() override { return notifications_; }
  SearchStore* search() override { return &search_; }
  IntegrityStore* integrity() override { return &integrity_; }
  SignupStore* signups() override { return &signups_; }
  AnalyticsStore* analytics() override { return &analytics_; }
  MonitorStore* monitors() override { return &monitors_; }

  Status Write(const std::function<Status()>& fn) override {
    return db_->Write([&](Conn&) { return fn(); });
  }
  Result<std::unique_ptr<BulkLoader>> NewBulkLoader(bool drop_indexes) override {
    return SqliteBulkLoader::Open(db_.get(), drop_indexes);
  }
  void Close() override {
    db_->Close();
    index_->Close();
  }
  void SetExternalChangeListener(std::function<void()> fn) override {
    db_->SetExternalChangeListener(std::move(fn));
  }

 private:
  std::unique_ptr<Db> db_;
  std::unique_ptr<Db> index_;  // the search index's file (see sqlite_search.h)
  SqliteAccountStore accounts_;
  SqliteRelationStore relations_;
  SqlitePostStore posts_;
  SqliteCommentStore comments_;
  SqliteMessageStore messages_;
  SqliteNotificationStore notifications_;
  SqliteSearchStore search_;
  SqliteIntegrityStore integrity_;
  SqliteSignupStore signups_;
  SqliteAnalyticsStore analytics_;
  SqliteMonitorStore monitors_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  // The index first: the store's read connections attach its file, which must exist. Its
  // writes are as durable as the store's, or a crash could lose documents whose tasks are gone.
  DbOptions index_options;
  index_options.path = IndexPath(options.path);
  index_options.read_connections = 1;  // its reads are the indexer's, inside its writes
  index_options.synchronous_full = options.synchronous_full;
  const bool had_store = std::filesystem::exists(options.path);
  const bool had_index = std::filesystem::exists(index_options.path);
  CW_ASSIGN_OR_RETURN(auto index, Db::Open(index_options));
  CW_RETURN_IF_ERROR(index->Migrate(IndexMigrations()));
  CW_ASSIGN_OR_RETURN(bool moved, MoveIndexOut(options.path, index_options.path));

  DbOptions db_options;
  db_options.path = options.path;
  db_options.read_connections = options.read_connections;
  db_options.synchronous_full = options.synchronous_full;
  db_options.read_mmap = options.read_mmap;
  db_options.max_batch = options.max_batch;
  db_options.attach_to_reads = {{"search", index_options.path}};
  CW_ASSIGN_OR_RETURN(auto db, Db::Open(db_options));
  CW_RETURN_IF_ERROR(db->Migrate(SchemaMigrations()));
  if (had_store && !had_index && !moved) {
    // The index file was lost (or the store's file restored alone): index everything again.
    CW_LOG(kWarn, "") << "no search index beside " << options.path << ": indexing everything again";
    CW_RETURN_IF_ERROR(db->Write([](Conn& c) { return c.ExecScript(kRequeueEverything); }));
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db), std::move(index)));
}

}  // namespace cw::sqlite

namespace cw {
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  if (options.backend == "sqlite") return sqlite::OpenSqliteStore(options);
  return InvalidArgument("unknown store backend: " + options.backend);
}
}  // namespace cw
