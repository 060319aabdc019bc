// The design is simple: the store's triggers queue a task in the same transaction that writes a
// post, comment or account, so the queue holds exactly what is committed and not yet indexed,
// across crashes and bulk imports alike. A batch reads tasks and their rows, analyses the text
// outside any transaction, writes the documents in one unit of the index (which has a writer of
// its own, so indexing runs beside members' writes instead of queueing with them), and only then
// deletes the tasks. A crash between the two leaves the tasks queued and the batch is redone,
// which is harmless: posts and comments are indexed once (a document already there is skipped,
// and so is its topic count), accounts are replaced. Tasks are read newest first, so a post
// written during a long catch-up is indexed within a poll of being acknowledged; an account task
// re-reads the current profile, so order does not matter.
#include "search/search_indexer.h"

#include <algorithm>
#include <future>
#include <limits>
#include <unordered_set>

#include "common/log.h"
#include "common/thread_name.h"
#include "search/tokenizer.h"

namespace cw::search {
namespace {

struct TopicUse {
  std::string term;
  std::string name;
  std::string name_terms;
};

struct TextDoc {
  SearchDocKind kind;
  Id id = 0;
  std::string terms;
  TimeMs at = 0;
  std::vector<TopicUse> topics;  // public posts only
  size_t post = 0;                // index + 1 in `posts` (0: not a post)
};

struct AccountDoc {
  Id id = 0;
  std::string handle, name, bio;
};

std::vector<TopicUse> TopicsOf(const Post& p) {
  std::vector<TopicUse> out;
  if (p.visibility != Visibility::kPublic) return out;  // topic names of private posts stay private
  for (const auto& e : p.entities) {
    if (e.kind != text::Entity::Kind::kTopic) continue;
    std::string term = TopicTerm(e.value);
    if (term.empty()) continue;
    bool seen = false;
    for (const auto& t : out) seen = seen || t.term == term;
    if (seen) continue;
    Analysis a = Analyze(e.value, {});
    a.exact.push_back(term);
    out.push_back({term, e.value, IndexText(a)});
  }
  return out;
}

}  // namespace

SearchIndexer::SearchIndexer(Store* store, IndexerOptions options)
    : store_(store), options_(options) {}

SearchIndexer::~SearchIndexer() { Stop(); }

struct SearchIndexer::Batch {
  std::vector<int64_t> seqs;
  std::vector<TextDoc> docs;
  std::vector<AccountDoc> accounts;
  std::vector<Post> posts;
  std::vector<Analysis> analyses;  // of `posts`, for the observer
};

Result<SearchIndexer::Batch> SearchIndexer::Prepare(int64_t below_seq, int limit) {
  Batch b;
  SearchStore* search = store_->search();
  CW_ASSIGN_OR_RETURN(std::vector<IndexTask> tasks,
                      search->ListIndexTasks(limit, below_seq));
  std::vector<Id> post_ids, comment_ids, account_ids;
  std::unordered_set<Id> seen_posts, seen_comments, seen_accounts;
  for (const auto& t : tasks) {
    b.seqs.push_back(t.seq);
    switch (t.kind) {
      case SearchDocKind::kPost:
        if (seen_posts.insert(t.id).second) post_ids.push_back(t.id);
        break;
      case SearchDocKind::kComment:
        if (seen_comments.insert(t.id).second) comment_ids.push_back(t.id);
        break;
      case SearchDocKind::kAccount:
        if (seen_accounts.insert(t.id).second) account_ids.push_back(t.id);
        break;
    }
  }

  if (!post_ids.empty()) {
    CW_ASSIGN_OR_RETURN(b.posts, store_->posts().GetPostsByIds(post_ids));
    b.analyses.resize(b.posts.size());
    for (size_t i = 0; i < b.posts.size(); ++i) {
      const Post& p = b.posts[i];
      if (p.deleted() || p.text.empty()) continue;
      b.analyses[i] = Analyze(p.text, p.entities);
      std::string terms = IndexText(b.analyses[i]);
      if (terms.empty()) continue;
      b.docs.push_back(
          {SearchDocKind::kPost, p.id, std::move(terms), p.created_at, TopicsOf(p), i + 1});
    }
  }
  if (!comment_ids.empty()) {
    CW_ASSIGN_OR_RETURN(std::vector<Comment> comments,
                        store_->comments().GetCommentsByIds(comment_ids));
    for (const auto& c : comments) {
      if (c.deleted() || c.text.empty()) continue;
      std::string terms = IndexText(Analyze(c.text, c.entities));
      if (terms.empty()) continue;
      b.docs.push_back({SearchDocKind::kComment, c.id, std::move(terms), c.created_at, {}});
    }
  }
  if (!account_ids.empty()) {
    CW_ASSIGN_OR_RETURN(std::vector<Account> rows, store_->accounts().GetAccountsByIds(account_ids));
    for (const auto& a : rows) {
      Analysis handle = Analyze(a.handle, {});
      handle.exact.push_back(MentionTerm(a.handle));
      b.accounts.push_back({a.id, IndexText(handle), IndexText(Analyze(a.display_name, {})),
                            IndexText(Analyze(a.bio))});
    }
  }
  return b;
}

Result<int> SearchIndexer::Write(Batch& b) {
  SearchStore* search = store_->search();
  std::vector<size_t> added_posts;
  // Plain-table writes first, full-text inserts last: a statement that needs a statement journal
  // (the topic upsert) makes FTS5 flush whatever terms it holds back for the transaction.
  CW_RETURN_IF_ERROR(search->WriteIndex([&]() -> Status {
    added_posts.clear();
    std::vector<const TextDoc*> to_add;
    for (const auto& d : b.docs) {
      CW_ASSIGN_OR_RETURN(bool indexed, search->HasTextDoc(d.kind, d.id));
      if (!indexed) to_add.push_back(&d);
    }
    for (const TextDoc* d : to_add) {
      if (d->post) added_posts.push_back(d->post - 1);
      for (const auto& t : d->topics) {
        CW_RETURN_IF_ERROR(search->AddTopicUse(t.term, t.name, t.name_terms, d->at));
      }
    }
    for (const auto& a : b.accounts) {
      CW_RETURN_IF_ERROR(search->PutAccountDoc(a.id, a.handle, a.name, a.bio));
    }
    // In ascending id order per table: FTS5 keeps a transaction's terms in memory only while
    // rowids ascend, and writes what it holds as a segment of its own before any smaller rowid.
    // Tasks come newest first, so in their order every document would become a segment, and
    // merging those would cost several times the insert itself.
    std::sort(to_add.begin(), to_add.end(), [](const TextDoc* x, const TextDoc* y) {
      return std::pair(x->kind, x->id) < std::pair(y->kind, y->id);
    });
    for (const TextDoc* d : to_add) {
      CW_RETURN_IF_ERROR(search->PutTextDoc(d->kind, d->id, d->terms).status());
    }
    return OkStatus();
  }));
  CW_RETURN_IF_ERROR(search->DeleteIndexTasks(b.seqs));
  if (observer_) {
    for (size_t i : added_posts) observer_(b.posts[i], b.analyses[i]);
  }
  if (batch_observer_ && !added_posts.empty()) batch_observer_();
  return static_cast<int>(b.seqs.size());
}

Result<int> SearchIndexer::RunOnce(int limit) {
  if (!store_->search()) return 0;
  CW_ASSIGN_OR_RETURN(Batch b, Prepare(std::numeric_limits<int64_t>::max(),
                                       limit > 0 ? limit : options_.batch));
  if (b.seqs.empty()) return 0;
  return Write(b);
}

Status SearchIndexer::CatchUp(const std::function<void(int64_t, int64_t)>& progress) {
  SearchStore* search = store_->search();
  if (!search) return OkStatus();
  CW_ASSIGN_OR_RETURN(int64_t left, search->CountIndexTasks());
  int64_t done = 0;
  auto count = [&](int n) {
    done += n;
    left = std::max<int64_t>(0, left - n);
    if (progress) progress(done, left);
  };
  // Two stages on two cores: this thread reads and analyses batch k + 1 (older tasks than any in
  // batch k, which stay queued until written) while another writes batch k.
  CW_ASSIGN_OR_RETURN(Batch batch, Prepare(std::numeric_limits<int64_t>::max(), options_.batch));
  while (!batch.seqs.empty()) {
    const int64_t below = *std::min_element(batch.seqs.begin(), batch.seqs.end());
    auto writing = std::async(std::launch::async, [&] { return Write(batch); });
    Result<Batch> next = Prepare(below, options_.batch);
    Result<int> written = writing.get();
    if (!written.ok()) return written.error();
    if (!next.ok()) return next.error();
    count(*written);
    batch = std::move(*next);
  }
  // Tasks queued since the first batch was read are newer than it: the plain loop takes them.
  for (;;) {
    CW_ASSIGN_OR_RETURN(int n, RunOnce());
    if (n == 0) return OkStatus();
    count(n);
  }
}

void SearchIndexer::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    SetThreadName("search-index");
    Loop();
  });
}

void SearchIndexer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SearchIndexer::Loop() {
  int limit = options_.batch;
  for (;;) {
    auto wait = options_.idle_poll;
    auto done = RunOnce(limit);
    if (!done.ok()) {
      CW_LOG(kWarn, "") << "search indexer: " << done.error().message();
      wait = std::chrono::seconds(1);
      limit = options_.batch;
    } else if (*done >= limit) {  // a backlog: go on at once, with a bigger batch
      wait = std::chrono::milliseconds(0);
      limit = std::min(limit * 2, std::max(options_.batch, options_.max_batch));
    } else {
      limit = options_.batch;
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, wait, [&] { return stopping_; })) return;
  }
}

}  // namespace cw::search
