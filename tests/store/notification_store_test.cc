// NotificationStore on a real SQLite store: types, paging, read marks, unread counts.
#include <gtest/gtest.h>

#include "store_fixture.h"

namespace cw::testing {
namespace {

using T = NotificationType;

class NotificationStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddAccount("ann");
    bob_ = AddAccount("bob");
  }

  Notification Notify(Id to, NotificationType type, Id from = 0) {
    Notification n;
    n.id = NextId();
    n.account_id = to;
    n.type = type;
    n.from_account_id = from;
    n.created_at = Now();
    EXPECT_EQ(Describe(notifications().PutNotification(n)), "ok");
    return n;
  }

  int64_t Unread(Id account, const std::vector<NotificationType>& types = {}) {
    auto r = notifications().CountUnreadNotifications(account, types);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : -1;
  }

  Account ann_, bob_;
};

TEST_F(NotificationStoreTest, PutThenGetReturnsEveryField) {
  Notification n;
  n.id = NextId();
  n.account_id = ann_.id;
  n.type = T::kComment;
  n.from_account_id = bob_.id;
  n.post_id = 11;
  n.comment_id = 22;
  n.message_id = 33;
  n.created_at = Now();
  CW_ASSERT_OK(notifications().PutNotification(n));
  CW_ASSERT_OK_AND_ASSIGN(Notification got, notifications().GetNotificationById(ann_.id, n.id));
  EXPECT_EQ(got.id, n.id);
  EXPECT_EQ(got.account_id, ann_.id);
  EXPECT_EQ(got.type, T::kComment);
  EXPECT_EQ(got.from_account_id, bob_.id);
  EXPECT_EQ(got.post_id, 11);
  EXPECT_EQ(got.comment_id, 22);
  EXPECT_EQ(got.message_id, 33);
  EXPECT_EQ(got.created_at, n.created_at);
  EXPECT_FALSE(got.read);
}

TEST_F(NotificationStoreTest, EveryTypeRoundTrips) {
  for (T type :
       {T::kMention, T::kComment, T::kReply, T::kForward, T::kLike, T::kFollow, T::kMessage}) {
    Notification n = Notify(ann_.id, type);
    CW_ASSERT_OK_AND_ASSIGN(Notification got, notifications().GetNotificationById(ann_.id, n.id));
    EXPECT_EQ(got.type, type) << NotificationTypeName(type);
  }
}

TEST_F(NotificationStoreTest, AnotherAccountsNotificationIsNotFound) {
  Notification n = Notify(ann_.id, T::kLike, bob_.id);
  CW_EXPECT_CODE(notifications().GetNotificationById(bob_.id, n.id), ErrorCode::kNotFound);
  CW_EXPECT_CODE(notifications().GetNotificationById(ann_.id, 1), ErrorCode::kNotFound);
}

TEST_F(NotificationStoreTest, ATakenIdIsAlreadyExists) {
  Notification n = Notify(ann_.id, T::kLike);
  CW_EXPECT_CODE(notifications().PutNotification(n), ErrorCode::kAlreadyExists);
}

TEST_F(NotificationStoreTest, ListIsNewestFirstAndOnlyTheAccounts) {
  Notification n1 = Notify(ann_.id, T::kFollow, bob_.id);
  Notify(bob_.id, T::kFollow, ann_.id);
  Notification n2 = Notify(ann_.id, T::kLike, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, notifications().ListNotifications(ann_.id, {}, Page{}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{n2.id, n1.id}));
}

TEST_F(NotificationStoreTest, ListFiltersByTypes) {
  Notification mention = Notify(ann_.id, T::kMention);
  Notification like = Notify(ann_.id, T::kLike);
  Notification forward = Notify(ann_.id, T::kForward);
  Notification comment = Notify(ann_.id, T::kComment);
  Notification reply = Notify(ann_.id, T::kReply);
  CW_ASSERT_OK_AND_ASSIGN(auto likes,
                          notifications().ListNotifications(ann_.id, {T::kLike}, Page{}));
  EXPECT_EQ(IdsOf(likes), (std::vector<Id>{like.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto talk, notifications().ListNotifications(
                                         ann_.id, {T::kComment, T::kReply, T::kMention}, Page{}));
  EXPECT_EQ(IdsOf(talk), (std::vector<Id>{reply.id, comment.id, mention.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto fwd,
                          notifications().ListNotifications(ann_.id, {T::kForward}, Page{}));
  EXPECT_EQ(IdsOf(fwd), (std::vector<Id>{forward.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto none,
                          notifications().ListNotifications(ann_.id, {T::kMessage}, Page{}));
  EXPECT_TRUE(none.empty());
}

TEST_F(NotificationStoreTest, ListPagesWithMaxIdAndSinceId) {
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 6; ++i) ids.push_back(Notify(ann_.id, T::kLike).id);
  CW_ASSERT_OK_AND_ASSIGN(auto p1, notifications().ListNotifications(ann_.id, {}, Limit(4)));
  EXPECT_EQ(IdsOf(p1), (std::vector<Id>{ids[5], ids[4], ids[3], ids[2]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p2,
                          notifications().ListNotifications(ann_.id, {}, MaxId(ids[2], 4)));
  EXPECT_EQ(IdsOf(p2), (std::vector<Id>{ids[1], ids[0]}));
  CW_ASSERT_OK_AND_ASSIGN(auto newer,
                          notifications().ListNotifications(ann_.id, {}, SinceId(ids[3])));
  EXPECT_EQ(IdsOf(newer), (std::vector<Id>{ids[5], ids[4]}));
  CW_ASSERT_OK_AND_ASSIGN(auto after,
                          notifications().ListNotifications(ann_.id, {T::kLike}, MinId(ids[0], 2)));
  EXPECT_EQ(IdsOf(after), (std::vector<Id>{ids[2], ids[1]}));
}

TEST_F(NotificationStoreTest, UnreadCountsByType) {
  Notify(ann_.id, T::kLike);
  Notify(ann_.id, T::kLike);
  Notify(ann_.id, T::kMention);
  Notify(bob_.id, T::kLike);
  EXPECT_EQ(Unread(ann_.id), 3);
  EXPECT_EQ(Unread(ann_.id, {T::kLike}), 2);
  EXPECT_EQ(Unread(ann_.id, {T::kMention, T::kFollow}), 1);
  EXPECT_EQ(Unread(bob_.id), 1);
}

TEST_F(NotificationStoreTest, MarkingReadUpToAnIdLeavesNewerUnread) {
  Notification n1 = Notify(ann_.id, T::kLike);
  Notification n2 = Notify(ann_.id, T::kLike);
  Notification n3 = Notify(ann_.id, T::kLike);
  Notify(bob_.id, T::kLike);
  CW_ASSERT_OK(notifications().MarkNotificationsRead(ann_.id, n2.id, {}));
  EXPECT_EQ(Unread(ann_.id), 1);
  EXPECT_EQ(Unread(bob_.id), 1);
  CW_ASSERT_OK_AND_ASSIGN(Notification r1, notifications().GetNotificationById(ann_.id, n1.id));
  EXPECT_TRUE(r1.read);
  CW_ASSERT_OK_AND_ASSIGN(Notification r3, notifications().GetNotificationById(ann_.id, n3.id));
  EXPECT_FALSE(r3.read);
}

TEST_F(NotificationStoreTest, MarkingReadUpToZeroMarksAll) {
  Notify(ann_.id, T::kLike);
  Notify(ann_.id, T::kMention);
  Notify(bob_.id, T::kLike);
  CW_ASSERT_OK(notifications().MarkNotificationsRead(ann_.id, 0, {}));
  EXPECT_EQ(Unread(ann_.id), 0);
  EXPECT_EQ(Unread(bob_.id), 1);
  CW_ASSERT_OK_AND_ASSIGN(auto list, notifications().ListNotifications(ann_.id, {}, Page{}));
  for (const auto& n : list) EXPECT_TRUE(n.read);
}

TEST_F(NotificationStoreTest, DeletingAnAccountsNotificationsLeavesOthers) {
  Notify(ann_.id, T::kLike);
  Notify(ann_.id, T::kFollow);
  Notification keep = Notify(bob_.id, T::kLike);
  CW_ASSERT_OK(notifications().DeleteNotificationsByAccount(ann_.id));
  CW_ASSERT_OK_AND_ASSIGN(auto list, notifications().ListNotifications(ann_.id, {}, Page{}));
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(Unread(ann_.id), 0);
  CW_ASSERT_OK(notifications().GetNotificationById(bob_.id, keep.id).status());
}

}  // namespace
}  // namespace cw::testing
