// Posts and forwards: create, forward (with the //@ chain), delete, read one, user / home /
// group / public timelines, likes, and hydration of a page for one viewer. Every read goes
// through ViewerScope (the visibility policy). Thread-safe.
#pragma once

#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "service/context.h"
#include "service/notification_service.h"
#include "service/visibility.h"
#include "timeline/timeline_engine.h"

namespace cw {

struct NewPost {
  std::string text;
  std::string visibility = "public";
  Id group_id = 0;
  bool is_long = false;
  std::optional<std::string> comment_policy;  // default: the author's
};

struct NewForward {
  Id parent_id = 0;
  std::string comment;  // the forwarder's own words, may be empty
  std::string visibility = "public";
  bool also_comment = false;  // also post `comment` as a comment on the parent
  Id source_comment_id = 0;   // forwarding a comment on the parent
};

// One hop of a forward's //@ chain, nearest first.
struct ChainHop {
  Id post_id = 0;     // the forward of this hop (0 for a comment hop)
  Id comment_id = 0;  // a forwarded comment
  Id account_id = 0;
  std::string comment;
  bool available = true;  // false: deleted or hidden from the viewer
  bool deleted = false;   // unavailable because it was deleted (not merely hidden)
};

// Everything needed to render a page of posts for one viewer with no further store calls.
struct PostBundle {
  std::vector<Post> posts;                       // the page, in order
  // Shared with the store's caches: immutable.
  std::unordered_map<Id, std::shared_ptr<const Post>> related;  // roots and chain hops of forwards
  std::unordered_set<Id> visible;                // related posts the viewer may see
  std::unordered_map<Id, std::shared_ptr<const Account>> accounts;  // authors of posts, related
                                                                    // posts and comments
  std::unordered_map<Id, Comment> comments;      // source comments of forwards and hops
  std::unordered_set<Id> visible_comments;       // those the viewer may see
  std::unordered_set<Id> liked;                  // posts (page and related) the viewer liked
  std::unordered_set<Id> forwarded;              // ... and forwarded
  const Post* Related(Id id) const;
  const Account* AccountOf(Id id) const;
};

class CommentService;
class SpamGuard;

class PostService {
 public:
  PostService(const ServiceContext& ctx, NotificationService* notifications)
      : ctx_(ctx), notifications_(notifications) {}
  void set_comments(CommentService* comments) { comments_ = comments; }
  // With an engine, home timelines come from it; without, from a plain store query.
  void set_timeline(TimelineEngine* timeline) { timeline_ = timeline; }
  // Scores every new post and forward comment at write time (may be null).
  void set_spam_guard(SpamGuard* spam) { spam_ = spam; }

  Result<Post> Create(const Account& author, const NewPost& p);
  // kNotFound if the parent is missing or hidden; kInvalidArgument if it may not be forwarded.
  Result<Post> Forward(const Account& author, const NewForward& f);
  // Author or moderator. Returns the post, now marked deleted.
  Result<Post> Delete(const Account& actor, Id post_id);
  // kNotFound if missing, deleted or hidden from the viewer.
  Result<Post> Get(const Account* viewer, Id post_id);
  // The posts among `ids` the viewer may see, in the order of `ids`.
  Result<std::vector<Post>> GetVisible(const Account* viewer, const std::vector<Id>& ids);

  Result<std::vector<Post>> UserTimeline(const Account* viewer, Id author_id, const Page& page,
                                         bool include_forwards);
  // What a home page was built from (with an engine), for a cache of whole pages.
  struct HomeSources {
    std::vector<std::vector<Id>> batches;  // the engine's candidate ids, batch by batch
    std::vector<Id> authors;               // the authors of those candidates
  };
  // `sources`, when given, receives what the page was built from. `first_candidates`: what
  // HomeFirstCandidates just gave for this page, taken as the first batch instead of merging
  // the same candidates again.
  Result<std::vector<Post>> HomeTimeline(const Account& viewer, const Page& page,
                                         HomeSources* sources = nullptr,
                                         std::optional<std::vector<Id>> first_candidates = {});
  // The candidates HomeTimeline's first batch takes from the engine; nullopt without an engine.
  Result<std::optional<std::vector<Id>>> HomeFirstCandidates(const Account& viewer, const Page& page);
  // The engine's stamp of what those candidates depend on (TimelineEngine::Stamp); nullopt
  // without an engine or with a cold source.
  Result<std::optional<TimelineEngine::SourcesStamp>> HomeSourcesStamp(const Account& viewer);
  Result<std::vector<Post>> GroupTimeline(const Account& viewer, Id group_id, const Page& page);
  Result<std::vector<Post>> PublicTimeline(const Account* viewer, const Page& page);
  // Direct forwards of a post the viewer can see.
  Result<std::vector<Post>> Forwards(const Account* viewer, Id post_id, const Page& page);

  Result<Post> Like(const Account& viewer, Id post_id);
  Result<Post> Unlike(const Account& viewer, Id post_id);
  // (like id, account) newest first.
  Result<std::vector<std::pair<Id, Account>>> Likers(const Account* viewer, Id post_id,
                                                     const Page& page);

  // `fresh`: the posts were created by this request, so no one has liked or forwarded them yet and
  // their own viewer flags are not looked up (those of the posts they forward still are).
  Result<PostBundle> Hydrate(const Account* viewer, std::vector<Post> posts, bool fresh = false);
  // The //@ chain of a forward, nearest hop first, as the bundle's viewer may see it.
  std::vector<ChainHop> Chain(const Post& forward, const PostBundle& bundle) const;
  // "comment //@a: hop //@b: hop", dropping the oldest hops beyond the long-post limit.
  std::string DisplayText(const Post& post, const std::vector<ChainHop>& chain,
                          const PostBundle& bundle) const;

  // Checks text, extracts entities and resolves mentions. Shared with comments.
  Result<std::vector<text::Entity>> PrepareText(const std::string& text, size_t max_chars,
                                                const char* what, bool allow_empty);
  // Notifies mentioned accounts that can see `post`. Call inside Store::Write.
  Status NotifyMentions(const Post& post, const std::vector<text::Entity>& entities,
                        Id from_account, Id comment_id);

 private:
  // Pages through `fetch` (newest first) until `page.limit` posts pass the visibility policy and
  // `keep` (when given), or the rows run out. `mostly_visible`: the source already left out
  // what the viewer filters (home candidates), so batches are barely larger than the page.
  // How many rows CollectVisible fetches at a time for a page.
  size_t BatchSize(const Page& page, bool mostly_visible) const;
  Result<std::vector<Post>> CollectVisible(
      ViewerScope& scope, Page page,
      const std::function<Result<std::vector<Post>>(const Page&)>& fetch,
      const std::function<bool(const Post&)>& keep = nullptr, bool mostly_visible = false);
  // Notifies `recipient` of `n` if they can see `post`.
  Status NotifyIfVisible(Notification n, const Post& post);
  Result<Post> InsertForward(const Account& author, const NewForward& f, const Post& parent,
                             const Post& root, Visibility visibility,
                             const std::vector<text::Entity>& entities);
  ServiceContext ctx_;
  NotificationService* notifications_;
  CommentService* comments_ = nullptr;
  TimelineEngine* timeline_ = nullptr;
  SpamGuard* spam_ = nullptr;
};

// May `post` be forwarded at all (by anyone who can see it)?
bool Forwardable(const Post& post);

}  // namespace cw
