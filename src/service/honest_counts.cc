#include "service/honest_counts.h"

namespace cw {

Result<bool> IsCredible(Store& store, Id account_id) {
  auto a = store.accounts().GetAccountById(account_id);
  if (HasCode(a.status(), ErrorCode::kNotFound)) return true;
  if (!a.ok()) return a.error();
  return a->credible;
}

Status CountForward(Store& store, const Post& forward, bool forwarder_credible, int delta) {
  auto count = [&](Id post_id) -> Status {
    CW_RETURN_IF_ERROR(store.posts().AddPostCounters(post_id, delta, 0, 0));
    if (forwarder_credible) return OkStatus();
    return store.posts().AddSuspectCounters(post_id, delta, 0, 0);
  };
  CW_RETURN_IF_ERROR(count(forward.root_id));
  if (forward.parent_id != forward.root_id) return count(forward.parent_id);
  return OkStatus();
}

}  // namespace cw
