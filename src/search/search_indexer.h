// The search indexing job: drains the store's search outbox (see SearchStore), analysing each
// queued post, comment or account and writing its terms. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "search/tokenizer.h"
#include "store/store.h"

namespace cw::search {

struct IndexerOptions {
  int batch = 256;  // tasks per transaction
  // While a backlog lasts, each full batch doubles the next one's size, up to this: bigger
  // batches write fewer, larger full-text segments, so a lagging indexer catches up for less
  // CPU per document.
  int max_batch = 4096;
  std::chrono::milliseconds idle_poll{100};  // how often an idle indexer looks for work
};

class SearchIndexer {
 public:
  // `store` must outlive the indexer.
  explicit SearchIndexer(Store* store, IndexerOptions options = {});
  ~SearchIndexer();  // stops the thread
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  // Called, on the indexer's thread (in CatchUp, a helper thread; one batch at a time), with each
  // post newly indexed and its analysis, after the batch is committed (hot search counts them).
  // Set before Start.
  using PostObserver = std::function<void(const Post&, const Analysis&)>;
  void set_post_observer(PostObserver observer) { observer_ = std::move(observer); }
  // Called, on the indexer's thread, after the post observer has seen a batch's posts (monitors
  // write the hits they collected in one unit). Set before Start.
  void set_batch_observer(std::function<void()> observer) { batch_observer_ = std::move(observer); }

  // Indexes one batch of queued tasks (options' batch, or `limit`), newest first; returns how
  // many were done (0: none left).
  Result<int> RunOnce(int limit = 0);
  // Runs batches until nothing is queued, reading and analysing the next batch while the last is
  // written. `progress(done, left)` is called after each batch.
  Status CatchUp(const std::function<void(int64_t, int64_t)>& progress = nullptr);

  // Runs batches on a thread of its own until Stop: at once while there is work, then every
  // idle_poll. A failing batch is logged and retried after a second.
  void Start();
  void Stop();

 private:
  // A batch read and analysed, not yet written.
  struct Batch;
  // Reads and analyses up to `limit` tasks with seq below `below_seq`.
  Result<Batch> Prepare(int64_t below_seq, int limit);
  // Writes `batch` in one unit, then tells the observers; returns how many tasks it held.
  Result<int> Write(Batch& batch);
  void Loop();
  Store* store_;
  IndexerOptions options_;
  PostObserver observer_;
  std::function<void()> batch_observer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace cw::search
