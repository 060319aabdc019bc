// The embedded SQLite backend of the store interfaces. Safe for concurrent use.
#pragma once

#include <memory>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteAccountStore : public AccountStore {
 public:
  explicit SqliteAccountStore(Db* db) : db_(*db) {}
  Result<Account> GetAccountById(Id id) override;
  Result<std::vector<Account>> GetAccountsByIds(const std::vector<Id>& ids) override;
  Result<std::vector<AccountBrief>> GetAccountBriefs(const std::vector<Id>& ids) override;
  Result<Account> GetAccountByHandle(std::string_view handle) override;
  Result<Account> GetAccountByExternalId(std::string_view external_id) override;
  Result<std::vector<Account>> ListAccountsByHandlePrefix(std::string_view prefix,
                                                          int limit) override;
  Result<std::vector<Account>> ListAccounts(const Page& page) override;
  Status PutAccount(const Account& account) override;
  Status UpdateAccount(const Account& account) override;
  Status AddAccountCounters(Id id, int64_t fans, int64_t following, int64_t posts) override;
  Result<int64_t> CountAccounts() override;
  Status AddSuspectFans(Id id, int64_t fans) override;
  Status SetCredible(Id id, bool credible) override;
  Status PutSession(const Session& session) override;
  Result<Session> GetSessionByTokenHash(std::string_view token_hash) override;
  Result<std::vector<Session>> ListSessionsByAccount(Id account_id) override;
  Status DeleteSessionById(Id account_id, Id session_id) override;
  Status DeleteSessionsByAccount(Id account_id) override;
  Status TouchSession(const Session& session, TimeMs at) override;

 private:
  Result<Account> GetOne(const char* where, std::string_view key);
  Db& db_;
};

class SqliteRelationStore : public RelationStore {
 public:
  explicit SqliteRelationStore(Db* db) : db_(*db) {}
  Result<RelationFacts> GetRelationFacts(Id viewer, Id target) override;
  Status PutFollow(const Follow& follow) override;
  Status DeleteFollow(Id follower_id, Id followee_id, TimeMs at) override;
  Result<std::vector<Follow>> ListFans(Id account_id, const Page& page) override;
  Result<std::vector<Follow>> ListFollowing(Id account_id, const Page& page) override;
  Result<std::vector<Id>> ListFolloweeIds(Id account_id) override;
  Result<std::vector<Id>> ListFanIds(Id account_id) override;
  Status PutBlock(Id account_id, Id target_id, TimeMs at) override;
  Status DeleteBlock(Id account_id, Id target_id) override;
  Status PutMute(Id account_id, Id target_id, TimeMs at) override;
  Status DeleteMute(Id account_id, Id target_id) override;
  Result<std::unordered_set<Id>> FilterMutedOrBlocked(Id account_id,
                                                      const std::vector<Id>& ids) override;
  Result<std::unordered_set<Id>> ListMutedOrBlocked(Id account_id) override;
  Status PutGroup(const FolloweeGroup& group) override;
  Result<FolloweeGroup> GetGroupById(Id id) override;
  Result<std::vector<FolloweeGroup>> ListGroupsByOwner(Id owner_id) override;
  Status RenameGroup(Id id, const std::string& title) override;
  Status DeleteGroupById(Id id) override;
  Status PutGroupMember(Id group_id, Id account_id, TimeMs at) override;
  Status DeleteGroupMember(Id group_id, Id account_id) override;
  Result<std::vector<Id>> ListGroupMemberIds(Id group_id) override;
  Result<bool> IsGroupMember(Id group_id, Id account_id) override;
  Result<std::vector<Id>> ListGroupIdsContaining(Id owner_id, Id member_id) override;
  Status DeleteMemberFromOwnerGroups(Id owner_id, Id member_id) override;

 private:
  Result<std::vector<Follow>> ListFollows(const char* key_column, Id account_id, const Page& page);
  Status PutPair(const char* table, Id account_id, Id target_id, TimeMs at);
  Status DeletePair(const char* table, Id account_id, Id target_id);
  Db& db_;
};

class SqlitePostStore : public PostStore {
 public:
  explicit SqlitePostStore(Db* db) : db_(*db) {}
  Result<Post> GetPostById(Id id) override;
  Result<std::vector<Post>> GetPostsByIds(const std::vector<Id>& ids) override;
  Result<Post> GetPostByExternalId(std::string_view external_id) override;
  Status PutPost(const Post& post, const std::vector<Id>& mentioned_ids) override;
  Status MarkPostDeleted(Id id, TimeMs at) override;
  Status AddPostCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) override;
  Status AddSuspectCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) override;
  Result<std::vector<Post>> ListPostsByAuthor(Id author_id, const Page& page,
                                              bool include_forwards) override;
  Result<std::vector<Post>> ListPostsByAuthors(const std::vector<Id>& author_ids,
                                               const Page& page) override;
  Result<std::vector<Post>> ListForwardsOf(Id post_id, const Page& page) override;
  Result<std::vector<Post>> ListCascade(Id root_id, int limit) override;
  Result<std::vector<Post>> ListPublicPosts(const Page& page) override;
  Result<bool> IsMentioned(Id post_id, Id account_id) override;
  Status PutPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) override;
  Status DeletePostLike(Id post_id, Id account_id) override;
  Result<std::vector<std::pair<Id, Id>>> ListPostLikers(Id post_id, const Page& page) override;
  Result<std::unordered_set<Id>> FilterLikedPosts(Id account_id,
                                                  const std::vector<Id>& post_ids) override;
  Result<std::vector<Id>> ListLikedPostIds(Id account_id, int limit) override;
  Result<std::vector<std::pair<Id, Id>>> ListForwardParents(Id account_id, int limit) override;
  Result<std::unordered_set<Id>> FilterForwardedPosts(Id account_id,
                                                      const std::vector<Id>& post_ids) override;

 private:
  Result<std::vector<Post>> ListWhere(const std::string& where, const std::vector<int64_t>& args,
                                      const Page& page);
  Db& db_;
};

class SqliteCommentStore : public CommentStore {
 public:
  explicit SqliteCommentStore(Db* db) : db_(*db) {}
  Result<Comment> GetCommentById(Id id) override;
  Result<std::vector<Comment>> GetCommentsByIds(const std::vector<Id>& ids) override;
  Status PutComment(const Comment& comment) override;
  Status MarkCommentDeleted(Id id, TimeMs at) override;
  Status AddCommentCounters(Id id, int64_t likes, int64_t replies) override;
  Result<std::vector<Comment>> ListCommentsByPost(Id post_id, const Page& page) override;
  Result<std::vector<Comment>> ListRepliesTo(Id comment_id, const Page& page) override;
  Status PutCommentLike(Id comment_id, Id account_id, TimeMs at) override;
  Status DeleteCommentLike(Id comment_id, Id account_id) override;
  Result<std::unordered_set<Id>> FilterLikedComments(Id account_id,
                                                     const std::vector<Id>& ids) override;

 private:
  Result<std::vector<Comment>> ListWhere(const char* column, Id value, const Page& page);
  Db& db_;
};

class SqliteMessageStore : public MessageStore {
 public:
  explicit SqliteMessageStore(Db* db) : db_(*db) {}
  Result<Conversation> GetConversationBetween(Id a, Id b) override;
  Result<Conversation> GetConversationById(Id id) override;
  Status PutConversation(const Conversation& c, Id request_for) override;
  Result<ConversationMember> GetMember(Id conversation_id, Id account_id) override;
  Result<std::vector<ConversationMember>> ListMembersByAccount(Id account_id, bool requests,
                                                               const Page& page) override;
  Status PutMessage(const Message& m, Id recipient_id) override;
  Result<Message> GetMessageById(Id id) override;
  Result<std::vector<Message>> GetMessagesByIds(const std::vector<Id>& ids) override;
  Result<std::vector<Message>> ListMessages(Id conversation_id, const Page& page) override;
  Status MarkConversationRead(Id conversation_id, Id account_id) override;
  Status AcceptRequest(Id conversation_id, Id account_id) override;
  Result<std::pair<int64_t, int64_t>> CountUnread(Id account_id) override;

 private:
  Result<Conversation> GetConversation(const char* where, Id a, Id b);
  Db& db_;
};

class SqliteNotificationStore : public NotificationStore {
 public:
  explicit SqliteNotificationStore(Db* db) : db_(*db) {}
  Status PutNotification(const Notification& n) override;
  Result<Notification> GetNotificationById(Id account_id, Id id) override;
  Result<std::vector<Notification>> ListNotifications(Id account_id,
                                                      const std::vector<NotificationType>& types,
                                                      const Page& page) override;
  Status MarkNotificationsRead(Id account_id, Id up_to_id,
                               const std::vector<NotificationType>& types) override;
  Result<int64_t> CountUnreadNotifications(Id account_id,
                                           const std::vector<NotificationType>& types) override;
  Status DeleteNotificationsByAccount(Id account_id) override;

 private:
  Db& db_;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

}  // namespace cw::sqlite
