#include "world/importer.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "common/log.h"
#include "common/text/entities.h"
#include "common/text/utf8.h"
#include "service/post_service.h"

namespace cw::world {
namespace {
constexpr int64_t kCheckpointEvery = 200'000;
constexpr size_t kMaxReportedProblems = 100;
constexpr size_t kMaxLine = 1 << 20;
constexpr size_t kBlockLines = 4096;
constexpr size_t kMaxBlocksAhead = 8;

double CpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// A line of a world file as the reader thread left it.
struct ParsedLine {
  int64_t number = 0;
  std::optional<Record> record;  // none for blank and comment lines, and problems
  std::string problem;           // why the line is skipped
};

// Reads and parses a world file on a thread of its own, a few blocks of lines ahead of the
// thread that applies them: JSON parsing takes the second core instead of adding to the store's
// time. Blocks come out in file order.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in), thread_([this] { Run(); }) {}
  ~LineReader() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next block of lines; empty at the end of the input.
  std::vector<ParsedLine> Next() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !blocks_.empty() || done_; });
    if (blocks_.empty()) return {};
    std::vector<ParsedLine> block = std::move(blocks_.front());
    blocks_.pop_front();
    cv_.notify_all();
    return block;
  }

 private:
  void Run() {
    std::string line;
    int64_t number = 0;
    std::vector<ParsedLine> block;
    for (bool more = true; more;) {
      more = static_cast<bool>(std::getline(in_, line));
      if (more) {
        ParsedLine& p = block.emplace_back();
        p.number = ++number;
        if (line.size() > kMaxLine) {
          p.problem = "line longer than 1 MiB";
        } else if (auto parsed = ParseLine(line); !parsed.ok()) {
          p.problem = parsed.error().message();
        } else {
          p.record = std::move(*parsed);
        }
      }
      if (block.size() >= kBlockLines || (!more && !block.empty())) {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return blocks_.size() < kMaxBlocksAhead || stop_; });
        if (stop_) return;
        blocks_.push_back(std::move(block));
        block.clear();
        cv_.notify_all();
      }
    }
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }

  std::istream& in_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<ParsedLine>> blocks_;  // GUARDED_BY(mu_)
  bool done_ = false;                           // GUARDED_BY(mu_)
  bool stop_ = false;                           // GUARDED_BY(mu_)
  std::thread thread_;  // last: starts once the members above exist
};
}  // namespace

std::string ImportReport::Summary() const {
  std::string out = lines ? "lines " + std::to_string(lines) + "; loaded" : "loaded";
  if (loaded.empty()) out += " nothing";
  const char* separator = ":";
  for (const auto& [k, n] : loaded) {
    out += std::string(separator) + " " + k + " " + std::to_string(n);
    separator = "";
  }
  if (!already.empty()) {
    out += "; already there:";
    for (const auto& [k, n] : already) out += " " + k + " " + std::to_string(n);
  }
  out += "; skipped " + std::to_string(problems);
  return out;
}

Status WorldImporter::Load(BulkLoader& loader) {
  CW_ASSIGN_OR_RETURN(auto accounts, loader.ListAccountExternalIds());
  for (auto& [ext, id] : accounts) accounts_.emplace(std::move(ext), id);
  CW_ASSIGN_OR_RETURN(auto handles, loader.ListHandles());
  for (auto& [h, id] : handles) handles_.emplace(std::move(h), id);
  CW_ASSIGN_OR_RETURN(auto comments, loader.ListCommentExternalIds());
  for (auto& [ext, id] : comments) comments_.emplace(std::move(ext), CommentInfo{id, 0, 0});
  // Stored posts are looked up lazily (PostIndex), when a new line refers to one.
  CW_ASSIGN_OR_RETURN(auto posts, loader.ListPostExternalIds());
  for (auto& [ext, id] : posts) {
    post_index_.emplace(std::move(ext), -1 - static_cast<int64_t>(id));  // negative: not loaded
  }
  return OkStatus();
}

Result<Id> WorldImporter::AccountId(const std::string& external_id) const {
  auto it = accounts_.find(external_id);
  if (it == accounts_.end()) return NotFound("unknown account \"" + external_id + "\"");
  return it->second;
}

Result<int64_t> WorldImporter::PostIndex(const std::string& external_id) {
  auto it = post_index_.find(external_id);
  if (it == post_index_.end()) return NotFound("unknown post \"" + external_id + "\"");
  if (it->second >= 0) return it->second;
  // A post stored by an earlier run: bring its forward facts in once.
  Id id = -1 - it->second;
  CW_ASSIGN_OR_RETURN(Post p, store_->posts().GetPostById(id));
  PostInfo info{p.id, p.root_id, -1, p.visibility};
  if (p.is_forward()) {
    // Its ancestors are not indexed; a chain through it starts at it, its root stays right.
    info.parent = -1;
  }
  posts_.push_back(info);
  it->second = static_cast<int64_t>(posts_.size()) - 1;
  return it->second;
}

Result<std::vector<text::Entity>> WorldImporter::PrepareText(const std::string& text,
                                                             std::vector<Id>* mentioned) {
  if (!text::IsValidUtf8(text)) return Malformed("text is not valid UTF-8");
  if (text::CountCodePoints(text) > limits_.long_post_chars) {
    return InvalidArgument("text is longer than " + std::to_string(limits_.long_post_chars) +
                           " characters");
  }
  std::vector<text::Entity> entities = text::ExtractEntities(text);
  for (auto& e : entities) {
    if (e.kind != text::Entity::Kind::kMention) continue;
    auto it = handles_.find(text::AsciiLower(e.value));
    if (it == handles_.end()) continue;
    e.ref = it->second;
    if (std::find(mentioned->begin(), mentioned->end(), e.ref) == mentioned->end()) {
      mentioned->push_back(e.ref);
    }
  }
  return entities;
}

Status WorldImporter::Apply(BulkLoader& loader, const Record& r, ImportReport& report) {
  const std::string kind = KindName(r.kind);
  auto count = [&](bool written) { ++(written ? report.loaded : report.already)[kind]; };
  switch (r.kind) {
    case Kind::kAccount: {
      if (accounts_.count(r.id)) {
        count(false);
        return OkStatus();
      }
      if (!text::IsValidHandle(r.handle)) return InvalidArgument("bad handle \"" + r.handle + "\"");
      std::string lower = text::AsciiLower(r.handle);
      if (handles_.count(lower)) return AlreadyExists("handle \"" + r.handle + "\" is taken");
      Account a;
      a.id = ids_->NextAt(r.at);
      a.handle = r.handle;
      a.display_name = r.name.empty() ? r.handle : r.name;
      if (!text::IsValidUtf8(a.display_name) || !text::IsValidUtf8(r.bio)) {
        return Malformed("name or bio is not valid UTF-8");
      }
      a.display_name = text::TruncateCodePoints(a.display_name, limits_.display_name_chars);
      a.bio = text::TruncateCodePoints(r.bio, limits_.bio_chars);
      if (!r.account_kind.empty()) {
        auto k = ParseAccountKind(r.account_kind);
        if (!k) return InvalidArgument("bad kind \"" + r.account_kind + "\"");
        a.kind = *k;
      }
      if (!r.verified.empty()) {
        auto v = ParseVerification(r.verified);
        if (!v) return InvalidArgument("bad verified \"" + r.verified + "\"");
        a.verification = *v;
      }
      if (!text::IsValidUtf8(r.location)) return Malformed("location is not valid UTF-8");
      a.location = text::TruncateCodePoints(r.location, limits_.location_chars);
      a.signup_ip = r.signup_ip.substr(0, 64);
      a.has_avatar = r.avatar;
      a.external_id = r.id;
      a.created_at = r.at;
      CW_ASSIGN_OR_RETURN(bool written, loader.AddAccount(a));
      if (!written) return AlreadyExists("account conflicts with a stored one");
      accounts_.emplace(r.id, a.id);
      handles_.emplace(lower, a.id);
      count(true);
      return OkStatus();
    }
    case Kind::kFollow:
    case Kind::kUnfollow:
    case Kind::kBlock: {
      CW_ASSIGN_OR_RETURN(Id from, AccountId(r.from));
      CW_ASSIGN_OR_RETURN(Id to, AccountId(r.to));
      if (from == to) return InvalidArgument(kind + " of oneself");
      if (r.kind == Kind::kFollow) {
        CW_RETURN_IF_ERROR(loader.QueueFollow(Follow{ids_->NextAt(r.at), from, to, r.at}));
        ++queued_follows_;
        return OkStatus();
      }
      // Unfollows and blocks see the queued follows written first.
      CW_RETURN_IF_ERROR(CountFollows(loader, report));
      bool written;
      if (r.kind == Kind::kUnfollow) {
        CW_ASSIGN_OR_RETURN(written, loader.RemoveFollow(from, to, r.at));
      } else {
        CW_ASSIGN_OR_RETURN(written, loader.AddBlock(from, to, r.at));
      }
      count(written);
      return OkStatus();
    }
    case Kind::kPost:
    case Kind::kForward: {
      if (post_index_.count(r.id)) {
        count(false);
        return OkStatus();
      }
      CW_ASSIGN_OR_RETURN(Id author, AccountId(r.author));
      Post p;
      p.author_id = author;
      p.text = r.text;
      p.external_id = r.id;
      p.created_at = r.at;
      std::vector<Id> mentioned;
      CW_ASSIGN_OR_RETURN(p.entities, PrepareText(r.text, &mentioned));
      PostInfo info;
      if (r.kind == Kind::kPost) {
        if (text::TrimAscii(r.text).empty()) return InvalidArgument("empty post");
        if (!r.visibility.empty()) {
          auto v = ParseVisibility(r.visibility);
          if (!v || *v == Visibility::kGroup || *v == Visibility::kDirect) {
            return InvalidArgument("bad visibility \"" + r.visibility + "\"");
          }
          p.visibility = *v;
        }
        p.is_long = text::CountCodePoints(r.text) > limits_.post_chars;
      } else {
        CW_ASSIGN_OR_RETURN(int64_t parent_index, PostIndex(r.parent));
        const PostInfo parent = posts_[static_cast<size_t>(parent_index)];
        Post parent_shape;
        parent_shape.visibility = parent.visibility;
        if (!Forwardable(parent_shape)) {
          return InvalidArgument("the parent's audience does not allow forwarding");
        }
        p.parent_id = parent.id;
        p.root_id = parent.root_id ? parent.root_id : parent.id;
        if (!r.comment.empty()) {
          // A forward of a comment forwards the comment's post and names the comment.
          auto it = comments_.find(r.comment);
          if (it == comments_.end()) return NotFound("unknown comment \"" + r.comment + "\"");
          if (it->second.post_id != 0 && it->second.post_id != parent.id) {
            return InvalidArgument("comment is not on the forward's parent");
          }
          p.source_comment_id = it->second.id;
        }
        // The chain: the parent and its forward ancestors, root excluded, oldest first.
        for (int64_t i = parent_index; i >= 0 && posts_[static_cast<size_t>(i)].root_id != 0 &&
                                       static_cast<int>(p.chain.size()) < limits_.max_chain_hops;
             i = posts_[static_cast<size_t>(i)].parent) {
          p.chain.push_back(posts_[static_cast<size_t>(i)].id);
        }
        std::reverse(p.chain.begin(), p.chain.end());
        info.parent = parent_index;
      }
      p.id = ids_->NextAt(r.at);
      info.id = p.id;
      info.root_id = p.root_id;
      info.visibility = p.visibility;
      CW_ASSIGN_OR_RETURN(bool written, loader.AddPost(p, mentioned));
      if (!written) return AlreadyExists("post conflicts with a stored one");
      posts_.push_back(info);
      post_index_.emplace(r.id, static_cast<int64_t>(posts_.size()) - 1);
      count(true);
      return OkStatus();
    }
    case Kind::kComment: {
      if (comments_.count(r.id)) {
        count(false);
        return OkStatus();
      }
      CW_ASSIGN_OR_RETURN(Id author, AccountId(r.author));
      CW_ASSIGN_OR_RETURN(int64_t post_index, PostIndex(r.post));
      Comment c;
      c.post_id = posts_[static_cast<size_t>(post_index)].id;
      c.author_id = author;
      if (text::TrimAscii(r.text).empty()) return InvalidArgument("empty comment");
      if (!r.reply_to.empty()) {
        auto it = comments_.find(r.reply_to);
        if (it == comments_.end()) return NotFound("unknown comment \"" + r.reply_to + "\"");
        if (it->second.post_id != 0 && it->second.post_id != c.post_id) {
          return InvalidArgument("reply_to is a comment on another post");
        }
        c.reply_to_id = it->second.id;
        c.reply_to_account_id = it->second.author_id;
      }
      std::vector<Id> mentioned;
      CW_ASSIGN_OR_RETURN(c.entities, PrepareText(r.text, &mentioned));
      c.text = r.text;
      c.external_id = r.id;
      c.created_at = r.at;
      c.id = ids_->NextAt(r.at);
      CW_ASSIGN_OR_RETURN(bool written, loader.AddComment(c));
      if (!written) return AlreadyExists("comment conflicts with a stored one");
      comments_.emplace(r.id, CommentInfo{c.id, author, c.post_id});
      count(true);
      return OkStatus();
    }
    case Kind::kLike: {
      CW_ASSIGN_OR_RETURN(Id author, AccountId(r.author));
      bool written;
      if (!r.post.empty()) {
        CW_ASSIGN_OR_RETURN(int64_t post_index, PostIndex(r.post));
        CW_ASSIGN_OR_RETURN(written, loader.AddPostLike(ids_->NextAt(r.at),
                                                        posts_[static_cast<size_t>(post_index)].id,
                                                        author, r.at));
      } else {
        auto it = comments_.find(r.comment);
        if (it == comments_.end()) return NotFound("unknown comment \"" + r.comment + "\"");
        CW_ASSIGN_OR_RETURN(written, loader.AddCommentLike(it->second.id, author, r.at));
      }
      count(written);
      return OkStatus();
    }
    case Kind::kLabel:
      // Ground truth is for scanners and their tests, not for the store.
      ++report.already["label (ignored)"];
      return OkStatus();
  }
  return OkStatus();
}

Status WorldImporter::Begin(bool drop_indexes, const Progress& progress) {
  CW_ASSIGN_OR_RETURN(loader_, store_->NewBulkLoader(drop_indexes));
  progress_ = progress;
  report_ = ImportReport();
  since_checkpoint_ = 0;
  queued_follows_ = 0;
  return Load(*loader_);
}

Status WorldImporter::Add(const Record& r, std::string_view where) {
  return Counted(Apply(*loader_, r, report_), where, 0);
}

Status WorldImporter::Counted(const Status& st, std::string_view where, int64_t line) {
  if (!st.ok()) {
    if (st.error().code() == ErrorCode::kInternal || st.error().code() == ErrorCode::kUnavailable) {
      return st.error();  // the store failed, not the record
    }
    Skip(line > 0 ? "line " + std::to_string(line) : std::string(where), st.error().message());
  }
  if (++since_checkpoint_ >= kCheckpointEvery) {
    CW_RETURN_IF_ERROR(loader_->Checkpoint());
    since_checkpoint_ = 0;
    if (progress_) progress_(report_);
  }
  return OkStatus();
}

void WorldImporter::Skip(std::string_view where, std::string_view reason, int64_t count) {
  report_.problems += count;
  if (report_.first_problems.size() < kMaxReportedProblems) {
    report_.first_problems.push_back(std::string(where) + ": " + std::string(reason));
  }
}

bool WorldImporter::HandleTaken(std::string_view handle) const {
  return handles_.count(text::AsciiLower(handle)) > 0;
}

Status WorldImporter::CountFollows(BulkLoader& loader, ImportReport& report) {
  if (queued_follows_ == 0) return OkStatus();
  CW_ASSIGN_OR_RETURN(int64_t written, loader.FlushFollows());
  const std::string kind = KindName(Kind::kFollow);
  if (written > 0) report.loaded[kind] += written;
  if (queued_follows_ > written) report.already[kind] += queued_follows_ - written;
  queued_follows_ = 0;
  return OkStatus();
}

Result<ImportReport> WorldImporter::Finish() {
  CW_RETURN_IF_ERROR(CountFollows(*loader_, report_));
  CW_RETURN_IF_ERROR(loader_->Finish());
  loader_.reset();
  return std::move(report_);
}

Result<ImportReport> WorldImporter::Import(std::istream& in, bool drop_indexes,
                                           const Progress& progress) {
  CW_RETURN_IF_ERROR(Begin(drop_indexes, progress));
  const auto start = std::chrono::steady_clock::now();
  int64_t lines = 0;
  {
    LineReader reader(in);
    for (std::vector<ParsedLine> block; !(block = reader.Next()).empty();) {
      for (const ParsedLine& p : block) {
        report_.lines = lines = p.number;
        if (!p.problem.empty()) {
          Skip("line " + std::to_string(p.number), p.problem);
        } else if (p.record) {
          CW_RETURN_IF_ERROR(Counted(Apply(*loader_, *p.record, report_), {}, p.number));
        }
      }
    }
  }
  // CPU seconds beside the wall clock: on a busy machine they say what the import itself costs.
  CW_LOG(kInfo, "") << "import: read " << lines << " lines in "
                    << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                    << " s (CPU: " << CpuSeconds(RUSAGE_THREAD) << " s this thread, "
                    << CpuSeconds(RUSAGE_SELF) << " s the process so far)";
  return Finish();
}

}  // namespace cw::world
