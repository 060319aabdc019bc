// SignupStore on SQLite (schema/0004_signup.sql). Safe for concurrent use.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace cw::sqlite {

class SqliteSignupStore : public SignupStore {
 public:
  explicit SqliteSignupStore(Db* db) : db_(*db) {}
  Status PutInvite(const Invite& invite) override;
  Result<Invite> GetInviteByCode(const std::string& code) override;
  Result<std::vector<Invite>> ListInvites(const Page& page) override;
  Status PutInviteUse(Id invite_id, Id account_id, TimeMs at) override;
  Status RevokeInvite(Id invite_id) override;
  Result<std::vector<Id>> ListPendingAccountIds(const Page& page) override;

 private:
  Db& db_;
};

}  // namespace cw::sqlite
