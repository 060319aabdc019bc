// The storage interfaces: one abstract class per aggregate, and Store, which owns them and runs
// atomic writes. Implementations are safe for concurrent use. Backends: sqlite/ (embedded).
//
// Writes: every write method may be called on its own (it is then its own transaction) or inside
// Store::Write, which makes a group of calls one atomic unit. Reads made inside Write see that
// unit's own writes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "model/account.h"
#include "model/integrity.h"
#include "model/message.h"
#include "model/monitor.h"
#include "model/post.h"
#include "model/relation.h"
#include "store/page.h"

namespace cw {

class ChangeEpochs;

// Accounts and their login sessions.
// Rows moved into shared immutable objects (the default of the GetShared* calls).
template <typename T>
Result<std::vector<std::shared_ptr<const T>>> Shared(Result<std::vector<T>> rows) {
  if (!rows.ok()) return rows.error();
  std::vector<std::shared_ptr<const T>> out;
  out.reserve(rows->size());
  for (auto& row : *rows) out.push_back(std::make_shared<const T>(std::move(row)));
  return out;
}

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // kNotFound if no account has this id.
  virtual Result<Account> GetAccountById(Id id) = 0;
  // Accounts in no particular order; unknown ids are skipped.
  virtual Result<std::vector<Account>> GetAccountsByIds(const std::vector<Id>& ids) = 0;
  // The same, shared and immutable: a caching store hands out what it holds without copying.
  virtual Result<std::vector<std::shared_ptr<const Account>>> GetSharedAccounts(
      const std::vector<Id>& ids) {
    return Shared(GetAccountsByIds(ids));
  }
  // Briefs of the accounts, in no particular order; unknown ids are skipped.
  virtual Result<std::vector<AccountBrief>> GetAccountBriefs(const std::vector<Id>& ids) = 0;
  // Case-insensitive. kNotFound if none.
  virtual Result<Account> GetAccountByHandle(std::string_view handle) = 0;
  // kNotFound if none.
  virtual Result<Account> GetAccountByExternalId(std::string_view external_id) = 0;
  // Accounts whose handle starts with `prefix` (case-insensitive), by handle.
  virtual Result<std::vector<Account>> ListAccountsByHandlePrefix(std::string_view prefix,
                                                                  int limit) = 0;
  // Accounts newest first, paged by id.
  virtual Result<std::vector<Account>> ListAccounts(const Page& page) = 0;
  // kAlreadyExists if the id, the handle (case-insensitively) or the external id is taken.
  virtual Status PutAccount(const Account& account) = 0;
  // Replaces the profile, policy, role, verification, state and password fields; the id, handle,
  // counters, signup_ip, external_id and created_at never change. kNotFound if absent.
  virtual Status UpdateAccount(const Account& account) = 0;
  // Adds the deltas to the denormalised counters (never below zero).
  virtual Status AddAccountCounters(Id id, int64_t fans, int64_t following, int64_t posts) = 0;
  virtual Result<int64_t> CountAccounts() = 0;
  // Moves the suspect part of an account's fan count (see model/integrity.h); never below 0.
  virtual Status AddSuspectFans(Id id, int64_t fans) = 0;
  // Marks the account credible or not (the integrity layer's decision); no counters move.
  virtual Status SetCredible(Id id, bool credible) = 0;

  // kAlreadyExists if the token hash is taken.
  virtual Status PutSession(const Session& session) = 0;
  // kNotFound if no session has this token hash.
  virtual Result<Session> GetSessionByTokenHash(std::string_view token_hash) = 0;
  virtual Result<std::vector<Session>> ListSessionsByAccount(Id account_id) = 0;
  // kNotFound if the session does not exist or belongs to another account.
  virtual Status DeleteSessionById(Id account_id, Id session_id) = 0;
  virtual Status DeleteSessionsByAccount(Id account_id) = 0;
  // Records that the session was used at `at`. Advisory, so queued rather than waited for: the
  // store's next write commits it, and a read after any later write sees it.
  virtual Status TouchSession(const Session& session, TimeMs at) = 0;
};

// Follows, blocks, mutes and followee groups.
class RelationStore {
 public:
  virtual ~RelationStore() = default;
  virtual Result<RelationFacts> GetRelationFacts(Id viewer, Id target) = 0;
  // kAlreadyExists if already following. Keeps the event in the relation history.
  virtual Status PutFollow(const Follow& follow) = 0;
  // kNotFound if not following. Keeps the event (at `at`) in the relation history.
  virtual Status DeleteFollow(Id follower_id, Id followee_id, TimeMs at) = 0;
  // Follows of `account_id` (its fans), newest first, paged by follow id.
  virtual Result<std::vector<Follow>> ListFans(Id account_id, const Page& page) = 0;
  // Follows made by `account_id`, newest first, paged by follow id.
  virtual Result<std::vector<Follow>> ListFollowing(Id account_id, const Page& page) = 0;
  // Every account `account_id` follows.
  virtual Result<std::vector<Id>> ListFolloweeIds(Id account_id) = 0;
  // Every fan of `account_id` (for fan-out to accounts below the Big V threshold).
  virtual Result<std::vector<Id>> ListFanIds(Id account_id) = 0;

  // kAlreadyExists if already blocking / muting; kNotFound on removing what is not there.
  virtual Status PutBlock(Id account_id, Id target_id, TimeMs at) = 0;
  virtual Status DeleteBlock(Id account_id, Id target_id) = 0;
  virtual Status PutMute(Id account_id, Id target_id, TimeMs at) = 0;
  virtual Status DeleteMute(Id account_id, Id target_id) = 0;
  // Which of `ids` `account_id` mutes or blocks (either way); for filtering lists.
  virtual Result<std::unordered_set<Id>> FilterMutedOrBlocked(Id account_id,
                                                              const std::vector<Id>& ids) = 0;
  // Every account `account_id` mutes or blocks, or that blocks it.
  virtual Result<std::unordered_set<Id>> ListMutedOrBlocked(Id account_id) = 0;
  // The two lists above, shared and immutable. A caching store hands out the object it holds
  // until the list changes, so a caller may keep what it derived from a list for as long as it
  // gets the same object back; here, every call makes a new one.
  virtual Result<std::shared_ptr<const std::vector<Id>>> SharedFolloweeIds(Id account_id) {
    CW_ASSIGN_OR_RETURN(auto ids, ListFolloweeIds(account_id));
    return std::make_shared<const std::vector<Id>>(std::move(ids));
  }
  virtual Result<std::shared_ptr<const std::unordered_set<Id>>> SharedMutedOrBlocked(Id account_id) {
    CW_ASSIGN_OR_RETURN(auto ids, ListMutedOrBlocked(account_id));
    return std::make_shared<const std::unordered_set<Id>>(std::move(ids));
  }

  // kAlreadyExists if the id is taken.
  virtual Status PutGroup(const FolloweeGroup& group) = 0;
  // kNotFound if absent.
  virtual Result<FolloweeGroup> GetGroupById(Id id) = 0;
  virtual Result<std::vector<FolloweeGroup>> ListGroupsByOwner(Id owner_id) = 0;
  // kNotFound if absent.
  virtual Status RenameGroup(Id id, const std::string& title) = 0;
  // Deletes the group and its memberships. kNotFound if absent.
  virtual Status DeleteGroupById(Id id) = 0;
  // kAlreadyExists if already a member; kNotFound if the group does not exist.
  virtual Status PutGroupMember(Id group_id, Id account_id, TimeMs at) = 0;
  // kNotFound if not a member.
  virtual Status DeleteGroupMember(Id group_id, Id account_id) = 0;
  virtual Result<std::vector<Id>> ListGroupMemberIds(Id group_id) = 0;
  virtual Result<bool> IsGroupMember(Id group_id, Id account_id) = 0;
  // The groups of `owner_id` that contain `member_id`.
  virtual Result<std::vector<Id>> ListGroupIdsContaining(Id owner_id, Id member_id) = 0;
  // Removes `member_id` from every group of `owner_id` (after an unfollow or a block).
  virtual Status DeleteMemberFromOwnerGroups(Id owner_id, Id member_id) = 0;
};

// Posts (originals and forwards) and likes of posts.
class PostStore {
 public:
  virtual ~PostStore() = default;
  // kNotFound if no post has this id (deleted posts are still found, marked deleted).
  virtual Result<Post> GetPostById(Id id) = 0;
  // Unknown ids are skipped; order follows `ids`.
  virtual Result<std::vector<Post>> GetPostsByIds(const std::vector<Id>& ids) = 0;
  // The same, shared and immutable (see GetSharedAccounts).
  virtual Result<std::vector<std::shared_ptr<const Post>>> GetSharedPosts(const std::vector<Id>& ids) {
    return Shared(GetPostsByIds(ids));
  }
  virtual Result<Post> GetPostByExternalId(std::string_view external_id) = 0;
  // kAlreadyExists if the id or external id is taken. Also records mentions (account ids).
  virtual Status PutPost(const Post& post, const std::vector<Id>& mentioned_ids) = 0;
  // kNotFound if absent or already deleted.
  virtual Status MarkPostDeleted(Id id, TimeMs at) = 0;
  virtual Status AddPostCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) = 0;
  // Moves the suspect part of a post's counters; never below 0.
  virtual Status AddSuspectCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) = 0;
  // Live posts of one author, newest first.
  virtual Result<std::vector<Post>> ListPostsByAuthor(Id author_id, const Page& page,
                                                      bool include_forwards) = 0;
  // Live posts of any of `author_ids`, newest first (the simple home timeline).
  virtual Result<std::vector<Post>> ListPostsByAuthors(const std::vector<Id>& author_ids,
                                                       const Page& page) = 0;
  // Live forwards whose parent is `post_id`, newest first.
  virtual Result<std::vector<Post>> ListForwardsOf(Id post_id, const Page& page) = 0;
  // Live forwards whose root is `root_id` (its whole cascade), oldest first (by id), at most
  // `limit`.
  virtual Result<std::vector<Post>> ListCascade(Id root_id, int limit) = 0;
  // Live public posts, newest first.
  virtual Result<std::vector<Post>> ListPublicPosts(const Page& page) = 0;
  virtual Result<bool> IsMentioned(Id post_id, Id account_id) = 0;

  // kAlreadyExists if already liked.
  virtual Status PutPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) = 0;
  // kNotFound if not liked.
  virtual Status DeletePostLike(Id post_id, Id account_id) = 0;
  // (like id, account id) of the post's likes, newest first, paged by like id.
  virtual Result<std::vector<std::pair<Id, Id>>> ListPostLikers(Id post_id, const Page& page) = 0;
  // Of `post_ids`, those `account_id` liked / forwarded (as the direct parent).
  virtual Result<std::unordered_set<Id>> FilterLikedPosts(Id account_id,
                                                          const std::vector<Id>& post_ids) = 0;
  virtual Result<std::unordered_set<Id>> FilterForwardedPosts(Id account_id,
                                                              const std::vector<Id>& post_ids) = 0;
  // The ids of the posts the account liked, highest first, at most `limit`.
  virtual Result<std::vector<Id>> ListLikedPostIds(Id account_id, int limit) = 0;
  // The account's live forwards, newest first, at most `limit`, as (forward id, parent id).
  virtual Result<std::vector<std::pair<Id, Id>>> ListForwardParents(Id account_id, int limit) = 0;
};

// Comments under posts, replies, and likes of comments.
class CommentStore {
 public:
  virtual ~CommentStore() = default;
  // kNotFound if absent.
  virtual Result<Comment> GetCommentById(Id id) = 0;
  virtual Result<std::vector<Comment>> GetCommentsByIds(const std::vector<Id>& ids) = 0;
  // kAlreadyExists if the id or external id is taken.
  virtual Status PutComment(const Comment& comment) = 0;
  // kNotFound if absent or already deleted.
  virtual Status MarkCommentDeleted(Id id, TimeMs at) = 0;
  virtual Status AddCommentCounters(Id id, int64_t likes, int64_t replies) = 0;
  // Live comments of a post, newest first.
  virtual Result<std::vector<Comment>> ListCommentsByPost(Id post_id, const Page& page) = 0;
  virtual Result<std::vector<Comment>> ListRepliesTo(Id comment_id, const Page& page) = 0;
  virtual Status PutCommentLike(Id comment_id, Id account_id, TimeMs at) = 0;
  virtual Status DeleteCommentLike(Id comment_id, Id account_id) = 0;
  virtual Result<std::unordered_set<Id>> FilterLikedComments(Id account_id,
                                                             const std::vector<Id>& ids) = 0;
};

// Private conversations between two accounts.
class MessageStore {
 public:
  virtual ~MessageStore() = default;
  // kNotFound if the two have never written.
  virtual Result<Conversation> GetConversationBetween(Id a, Id b) = 0;
  virtual Result<Conversation> GetConversationById(Id id) = 0;
  // Creates the conversation and both member rows; `request_for` (0: nobody) is the member whose
  // side starts as a message request. The two accounts may come in either order (they are
  // stored smaller first). kAlreadyExists if the pair has one.
  virtual Status PutConversation(const Conversation& c, Id request_for) = 0;
  // kNotFound if `account_id` is not in the conversation.
  virtual Result<ConversationMember> GetMember(Id conversation_id, Id account_id) = 0;
  // One account's conversations, latest activity first, paged by last message id.
  virtual Result<std::vector<ConversationMember>> ListMembersByAccount(Id account_id,
                                                                       bool requests,
                                                                       const Page& page) = 0;
  // Stores the message, moves both members' last message, bumps the recipient's unread count.
  virtual Status PutMessage(const Message& m, Id recipient_id) = 0;
  virtual Result<Message> GetMessageById(Id id) = 0;
  virtual Result<std::vector<Message>> GetMessagesByIds(const std::vector<Id>& ids) = 0;
  virtual Result<std::vector<Message>> ListMessages(Id conversation_id, const Page& page) = 0;
  virtual Status MarkConversationRead(Id conversation_id, Id account_id) = 0;
  virtual Status AcceptRequest(Id conversation_id, Id account_id) = 0;
  // Sum of unread counts over the account's conversations (requests apart).
  virtual Result<std::pair<int64_t, int64_t>> CountUnread(Id account_id) = 0;
};

// Notifications to one account.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  virtual Status PutNotification(const Notification& n) = 0;
  // kNotFound if absent or not `account_id`'s.
  virtual Result<Notification> GetNotificationById(Id account_id, Id id) = 0;
  // Newest first; `types` empty means all.
  virtual Result<std::vector<Notification>> ListNotifications(
      Id account_id, const std::vector<NotificationType>& types, const Page& page) = 0;
  // Marks read every notification with id <= up_to_id (0: all) of the given types (empty: all).
  virtual Status MarkNotificationsRead(Id account_id, Id up_to_id,
                                       const std::vector<NotificationType>& types) = 0;
  virtual Result<int64_t> CountUnreadNotifications(Id account_id,
                                                   const std::vector<NotificationType>& types) = 0;
  virtual Status DeleteNotificationsByAccount(Id account_id) = 0;
};

// Full-text search (src/search/ analyses text; the store never does). A document arrives as one
// string of space-separated terms, a query as phrases of terms. Every insert of a post, comment
// or account, and every change of a profile, queues an index task in its own transaction (an
// outbox); the indexer drains it, indexing and deleting tasks in one transaction.
enum class SearchDocKind { kPost, kComment, kAccount };

struct IndexTask {
  int64_t seq = 0;
  SearchDocKind kind = SearchDocKind::kPost;
  Id id = 0;
};

// Every `must` phrase and none of the `must_not` ones; a phrase is terms next to each other.
struct TermQuery {
  std::vector<std::vector<std::string>> must;
  std::vector<std::vector<std::string>> must_not;
  bool prefix_last = false;  // the last term of the last must phrase matches as a prefix
};

// Posts or comments whose terms match (or, without must phrases, every one by `author_id`).
struct TextSearch {
  TermQuery terms;
  Id author_id = 0;  // 0: anyone
  Id min_id = 0;     // ids encode time, so since/until are an id range [min_id, max_id)
  Id max_id = 0;     // 0: unbounded
  // Leaves out rows `viewer_id` (0: anonymous) could never see: others' unlisted and only-me
  // posts, fans/friends/group posts of authors the viewer does not follow, direct posts that do
  // not mention the viewer. A coarse cut for speed; callers still apply the visibility policy.
  Id viewer_id = 0;
  int limit = 1000;  // rows, newest first
};

struct PostHit {
  Post post;  // the row without text, chain and entities
  double relevance = 0;  // BM25, higher is better; 0 when found by author alone
};
struct CommentHit {
  Comment comment;  // the row without text and entities
  Visibility post_visibility = Visibility::kPublic;
  double relevance = 0;
};
struct AccountHit {
  Id id = 0;
  double relevance = 0;
};
struct TopicHit {
  std::string term;  // "#" + normalised name
  std::string name;  // as first written
  int64_t posts_count = 0;
  TimeMs last_at = 0;
  double relevance = 0;
};

// The index's writing methods, called inside a WriteIndex unit, are not atomic on their own: an
// error must fail the whole unit (that spares the full-text tables a savepoint per document).
class SearchStore {
 public:
  virtual ~SearchStore() = default;
  // Up to `limit` queued tasks with seq below `below_seq`, newest first.
  virtual Result<std::vector<IndexTask>> ListIndexTasks(int limit, int64_t below_seq) = 0;
  virtual Result<int64_t> CountIndexTasks() = 0;
  // A store write of its own (never inside WriteIndex).
  virtual Status DeleteIndexTasks(const std::vector<int64_t>& seqs) = 0;

  // Runs `fn`, whose writes are the index's own (the four calls below), as one atomic unit. The
  // index may live apart from the rest of the store, with a writer of its own, so these units
  // run beside the store's writes and never share a transaction with them (nor with the queue:
  // a task is deleted after its document is written, and redoing one must be harmless).
  virtual Status WriteIndex(const std::function<Status()>& fn) = 0;
  // True if the post or comment is indexed.
  virtual Result<bool> HasTextDoc(SearchDocKind kind, Id id) = 0;
  // Indexes a post or a comment; false (and nothing written) if it is indexed already.
  virtual Result<bool> PutTextDoc(SearchDocKind kind, Id id, const std::string& terms) = 0;
  // Replaces an account's document.
  virtual Status PutAccountDoc(Id id, const std::string& handle_terms,
                               const std::string& name_terms, const std::string& bio_terms) = 0;
  // Counts one more public post under topic `term` ("#..."); `name` and `name_terms` are kept
  // from its first use.
  virtual Status AddTopicUse(const std::string& term, const std::string& name,
                             const std::string& name_terms, TimeMs at) = 0;

  // Live matches, newest first (kInvalidArgument with neither terms nor author).
  virtual Result<std::vector<PostHit>> SearchPosts(const TextSearch& q) = 0;
  virtual Result<std::vector<CommentHit>> SearchComments(const TextSearch& q) = 0;
  // Best first: BM25 over handle, display name and bio, the handle weighing most.
  virtual Result<std::vector<AccountHit>> SearchAccounts(const TermQuery& q, int limit) = 0;
  virtual Result<std::vector<TopicHit>> SearchTopics(const TermQuery& q, int limit) = 0;
  // The topic whose exact term is `term` ("#" + normalised name); kNotFound if no public post
  // has used it.
  virtual Result<TopicHit> GetTopicByTerm(const std::string& term) = 0;
};

// Bulk loading for imports (`clearwater import`): rows are written at once in large
// transactions on a connection of its own, with secondary indexes optionally dropped first and
// rebuilt by Finish, which also recomputes every denormalised counter from the rows. No
// notifications, no checks beyond the schema's unique keys (duplicates are skipped). Meant for a
// store no server is writing to. Not thread-safe.
class BulkLoader {
 public:
  virtual ~BulkLoader() = default;
  // (external id, id) of what is stored, so a second run of an import adds nothing.
  virtual Result<std::vector<std::pair<std::string, Id>>> ListAccountExternalIds() = 0;
  virtual Result<std::vector<std::pair<std::string, Id>>> ListPostExternalIds() = 0;
  virtual Result<std::vector<std::pair<std::string, Id>>> ListCommentExternalIds() = 0;
  // (lower-case handle, id) of every account.
  virtual Result<std::vector<std::pair<std::string, Id>>> ListHandles() = 0;
  // Each returns false (and writes nothing) when a unique key says the row is already there.
  virtual Result<bool> AddAccount(const Account& a) = 0;
  // Follows are queued and written in key order, which touches each B-tree page once instead of
  // once per row; the queue is written when it grows large, before an unfollow or block, and by
  // FlushFollows and Finish. A queued follow whose key is stored or queued earlier is skipped.
  virtual Status QueueFollow(const Follow& f) = 0;
  // Writes the queued follows; returns how many follows were written since the last call.
  virtual Result<int64_t> FlushFollows() = 0;
  virtual Result<bool> RemoveFollow(Id follower_id, Id followee_id, TimeMs at) = 0;
  virtual Result<bool> AddPost(const Post& p, const std::vector<Id>& mentioned_ids) = 0;
  virtual Result<bool> AddComment(const Comment& c) = 0;
  virtual Result<bool> AddPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) = 0;
  virtual Result<bool> AddCommentLike(Id comment_id, Id account_id, TimeMs at) = 0;
  virtual Result<bool> AddBlock(Id account_id, Id target_id, TimeMs at) = 0;
  // Commits what was added so far and starts a new transaction.
  virtual Status Checkpoint() = 0;
  // Commits, rebuilds dropped indexes, recomputes counters. The loader is spent afterwards.
  virtual Status Finish() = 0;
};

// Reports, moderation cases, the audit log and the detectors' verdicts (model/integrity.h).
class IntegrityStore {
 public:
  virtual ~IntegrityStore() = default;
  virtual Status PutReport(const Report& r) = 0;
  virtual Result<std::vector<Report>> ListReportsByCase(Id case_id, const Page& page) = 0;
  // Whether `reporter` already reported `account` in an open case (one vote per reporter).
  virtual Result<bool> HasOpenReport(Id reporter_id, Id account_id) = 0;

  virtual Status PutCase(const Case& c) = 0;
  virtual Result<Case> GetCase(Id id) = 0;
  // The open case of `kind` about `account_id`, if any.
  virtual Result<Case> FindOpenCase(CaseKind kind, Id account_id) = 0;
  virtual Result<Case> GetCaseByFingerprint(const std::string& fingerprint) = 0;
  // Newest first; `state`/`kind` empty: any.
  virtual Result<std::vector<Case>> ListCases(std::optional<CaseState> state,
                                              std::optional<CaseKind> kind, const Page& page) = 0;
  virtual Status UpdateCase(const Case& c) = 0;  // state, score, summary, evidence, counts ...
  virtual Status PutCaseAccounts(Id case_id, CaseRole role, const std::vector<Id>& ids) = 0;
  virtual Result<std::vector<Id>> ListCaseAccounts(Id case_id, CaseRole role, int limit) = 0;

  virtual Status PutModerationEntry(const ModerationEntry& e) = 0;
  virtual Result<ModerationEntry> GetModerationEntry(Id id) = 0;
  // Newest first; `account_id` 0: everyone's.
  virtual Result<std::vector<ModerationEntry>> ListModerationLog(Id account_id,
                                                                 const Page& page) = 0;

  // Replaces the verdicts of the accounts given (keeping each one's `cleared` flag).
  virtual Status PutVerdicts(const std::vector<Verdict>& verdicts) = 0;
  virtual Result<Verdict> GetVerdict(Id account_id) = 0;  // kNotFound: never scanned
  virtual Result<std::unordered_set<Id>> ListClearedAccounts() = 0;
  virtual Status SetCleared(Id account_id, bool cleared, TimeMs at) = 0;
  // After a scan: sets every account's `credible` flag and the suspect counters of every account
  // and post to the given values (all others to credible / zero). Large; runs in its own
  // transaction.
  struct SuspectCounts {
    std::vector<Id> not_credible;
    std::vector<std::pair<Id, int64_t>> account_fans;
    struct PostCounts {
      Id id = 0;
      int64_t forwards = 0, comments = 0, likes = 0;
    };
    std::vector<PostCounts> posts;
  };
  virtual Status ReplaceSuspectCounts(const SuspectCounts& counts) = 0;
  // After `account_ids` changed their `credible` flag: recomputes exactly the suspect counters
  // of everything they touched (the accounts they follow, the posts they liked, forwarded or
  // commented on).
  virtual Status RecountSuspect(const std::vector<Id>& account_ids) = 0;
  // Drops verdicts older than `before` that no moderator cleared (accounts a later scan found
  // clean).
  virtual Status PruneVerdicts(TimeMs before) = 0;

  // A full read for the offline scan, each kind in id (= time) order, from one consistent
  // snapshot of the store. Posts and comments come without deleted ones; posts carry only id,
  // author, parent, root, text, external id and time; comments only id, post, author, text, time.
  struct ScanVisitor {
    std::function<void(const Account&)> account;
    std::function<void(Id follower, Id followee)> follow;
    std::function<void(const Post&)> post;
    std::function<void(const Comment&)> comment;
    std::function<void(Id account, Id post, TimeMs at)> like;
  };
  virtual Status ReadForScan(const ScanVisitor& visit) = 0;
};

// A campaign seeding run; request and result are JSON (docs/analytics.md).
struct SeedingRun {
  Id id = 0;
  Id owner_id = 0;
  std::string state;  // running | done | failed
  TimeMs created_at = 0, finished_at = 0;
  std::string request, result, error;
};

// Aggregates for the analytics pages (docs/analytics.md), computed in SQL over the core tables
// and the integrity verdicts. "Real" means from an account whose `credible` flag is set now.
class AnalyticsStore {
 public:
  virtual ~AnalyticsStore() = default;

  // The current fans of `account_id` by the bucket they followed in (created_at / bucket_ms),
  // all and credible only, in bucket order.
  struct FanBucket {
    int64_t bucket = 0;
    int64_t fans = 0, real = 0;
  };
  virtual Result<std::vector<FanBucket>> CountFansByBucket(Id account_id, int64_t bucket_ms) = 0;
  // A follow that ended at or after `since` (an unfollow), for the fan counts before it: when it
  // began (0: before the follow log, or unknown) and whether the follower is credible.
  struct EndedFollow {
    TimeMs began = 0, ended = 0;
    bool real = true;
  };
  virtual Result<std::vector<EndedFollow>> ListEndedFollows(Id account_id, TimeMs since,
                                                            int limit) = 0;

  // The posts (originals and forwards, not deleted) of `author_id` made at or after `since`, by
  // bucket, with the engagement they drew: all, and from credible accounts.
  struct PostBucket {
    int64_t bucket = 0;
    int64_t posts = 0, forwards = 0, comments = 0, likes = 0;
    int64_t real_forwards = 0, real_comments = 0, real_likes = 0;
  };
  virtual Result<std::vector<PostBucket>> CountPostsByBucket(Id author_id, TimeMs since,
                                                             int64_t bucket_ms) = 0;
  // Ids of the author's posts made at or after `since` drawing the most engagement from credible
  // accounts (forwards + comments + likes), best first.
  virtual Result<std::vector<Id>> ListBestPostIds(Id author_id, TimeMs since, int limit) = 0;

  // The fans of `account_id` in the audit's classes (docs/analytics.md): zombie (a zombie score
  // >= 0.5 that no moderator cleared), suspicious (not credible, or a zombie score >= 0.25), real.
  // With up to `examples` of the first two, most certain first.
  struct FanAudit {
    int64_t fans = 0, real = 0, suspicious = 0, zombie = 0;
    std::vector<Id> zombie_examples, suspicious_examples;
    TimeMs scanned_at = 0;  // the newest verdict's scan; 0: never scanned
  };
  virtual Result<FanAudit> AuditFans(Id account_id, int examples) = 0;

  // Every (followee, follower) pair whose followee is among `accounts`, grouped by followee: the
  // fan lists of many accounts in a few queries.
  virtual Result<std::vector<std::pair<Id, Id>>> ListFansOf(const std::vector<Id>& accounts) = 0;
  // The live forwards of `root_id` as links (id, author, parent, time), in id order, at most
  // `limit`: the cascade without the posts' text.
  struct CascadeLink {
    Id id = 0, author_id = 0, parent_id = 0;
    TimeMs at = 0;
  };
  virtual Result<std::vector<CascadeLink>> ListCascadeLinks(Id root_id, int limit) = 0;
  // Accounts whose `credible` flag is clear (few; indexed).
  virtual Result<std::vector<Id>> ListNotCredibleIds() = 0;

  // Accounts following both `a` and `b`: all, and credible.
  struct SharedFans {
    int64_t shared = 0, real = 0;
  };
  virtual Result<SharedFans> CountSharedFans(Id a, Id b) = 0;

  // Campaign seeding runs (schema/0006_seeding.sql).
  virtual Status PutSeedingRun(const SeedingRun& run) = 0;
  // Sets state, finished_at, result and error.
  virtual Status FinishSeedingRun(const SeedingRun& run) = 0;
  virtual Result<SeedingRun> GetSeedingRun(Id id) = 0;
  // Newest first.
  virtual Result<std::vector<SeedingRun>> ListSeedingRuns(Id owner_id, const Page& page) = 0;
  // Marks every run still `running` as failed with `error` (after a restart); returns how many.
  virtual Result<int64_t> FailRunningSeedingRuns(const std::string& error, TimeMs at) = 0;
};

// Sign-up: invitation codes and the accounts awaiting approval (schema/0004_signup.sql).
class SignupStore {
 public:
  virtual ~SignupStore() = default;
  // kAlreadyExists if the id or the code is taken.
  virtual Status PutInvite(const Invite& invite) = 0;
  // kNotFound if no invite has this code.
  virtual Result<Invite> GetInviteByCode(const std::string& code) = 0;
  // Newest first.
  virtual Result<std::vector<Invite>> ListInvites(const Page& page) = 0;
  // Counts one use of the invite by `account_id`; kNotFound if no invite has this id.
  virtual Status PutInviteUse(Id invite_id, Id account_id, TimeMs at) = 0;
  // kNotFound if no invite has this id.
  virtual Status RevokeInvite(Id invite_id) = 0;
  // Ids of accounts in the pending state, newest first.
  virtual Result<std::vector<Id>> ListPendingAccountIds(const Page& page) = 0;
};

// Brand monitors, their hits and alerts (schema/0005_monitors.sql).
class MonitorStore {
 public:
  virtual ~MonitorStore() = default;
  // kAlreadyExists if the id is taken.
  virtual Status PutMonitor(const Monitor& m) = 0;
  // kNotFound if absent.
  virtual Result<Monitor> GetMonitorById(Id id) = 0;
  // Oldest first.
  virtual Result<std::vector<Monitor>> ListMonitorsByOwner(Id owner_id) = 0;
  // Every monitor, by id (the matcher and the burst check load them all).
  virtual Result<std::vector<Monitor>> ListAllMonitors() = 0;
  // Replaces name, keywords, topics, webhook, burst settings and updated_at. kNotFound if absent.
  virtual Status UpdateMonitor(const Monitor& m) = 0;
  // Deletes the monitor with its hits and alerts. kNotFound if absent.
  virtual Status DeleteMonitorById(Id id) = 0;

  // Hits already stored are skipped.
  virtual Status PutMonitorHits(const std::vector<MonitorHit>& hits) = 0;
  // Hits of live posts at or after `since`, newest first, at most `limit`; `real` is whether the
  // author is active and credible now.
  virtual Result<std::vector<MonitorHitRow>> ListMonitorHits(Id monitor_id, TimeMs since,
                                                             int limit) = 0;
  // Drops every monitor's hits older than `before`.
  virtual Status DeleteMonitorHitsBefore(TimeMs before) = 0;

  // kAlreadyExists if the id is taken.
  virtual Status PutMonitorAlert(const MonitorAlert& a) = 0;
  // kNotFound if absent.
  virtual Result<MonitorAlert> GetMonitorAlertById(Id id) = 0;
  // Newest first, at most `limit`.
  virtual Result<std::vector<MonitorAlert>> ListMonitorAlerts(Id monitor_id, int limit) = 0;
  // Records the webhook's answer. kNotFound if absent.
  virtual Status SetMonitorAlertDelivery(Id id, bool delivered, int status_code) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual AccountStore& accounts() = 0;
  virtual RelationStore& relations() = 0;
  virtual PostStore& posts() = 0;
  virtual CommentStore& comments() = 0;
  virtual MessageStore& messages() = 0;
  virtual NotificationStore& notifications() = 0;
  // Full-text search; null when the backend has none.
  virtual SearchStore* search() { return nullptr; }
  // Reports, cases and verdicts; null when the backend has none.
  virtual IntegrityStore* integrity() { return nullptr; }
  // Invites and pending sign-ups; null when the backend has none.
  virtual SignupStore* signups() { return nullptr; }
  // Aggregates for analytics; null when the backend has none.
  virtual AnalyticsStore* analytics() { return nullptr; }
  // Brand monitors; null when the backend has none.
  virtual MonitorStore* monitors() { return nullptr; }
  // Forgets every cached account and post (after a bulk change made beneath the caches).
  virtual void DropCaches() {}
  // Change counters of posts and accounts, bumped after every change a reader could see; null
  // when the backend keeps none (then nothing built from it may be reused).
  virtual const ChangeEpochs* change_epochs() const { return nullptr; }
  // `fn` is called (on some store thread) when another process changed the data: the admin CLI
  // run beside a live server.
  virtual void SetExternalChangeListener(std::function<void()> fn) { (void)fn; }
  // Runs `fn` as one atomic unit: if it returns an error, none of its writes happen. Writes from
  // concurrent callers may share one transaction commit (group commit); this returns after the
  // commit that holds `fn`'s writes is durable.
  virtual Status Write(const std::function<Status()>& fn) = 0;
  // A bulk loader; `drop_indexes` trades a rebuild at the end for faster inserts (worth it when
  // the import is large compared to what is stored).
  virtual Result<std::unique_ptr<BulkLoader>> NewBulkLoader(bool drop_indexes) = 0;
  // Flushes and closes; later calls fail with kUnavailable.
  virtual void Close() = 0;
};

struct StoreOptions {
  std::string backend = "sqlite";
  std::string path;       // sqlite: the database file
  int read_connections = 4;
  bool synchronous_full = true;  // fsync each commit (group commit amortises it)
  // sqlite: read connections map the database file. SQLite unmaps a read connection's map at
  // its first read after any commit, so under steady writes the map costs more than it saves.
  bool read_mmap = true;
  int max_batch = 256;           // writes per group commit
};

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

}  // namespace cw
