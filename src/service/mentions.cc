#include "service/mentions.h"

namespace cw {

Status ResolveMentions(Store& store, std::vector<text::Entity>* entities) {
  for (auto& e : *entities) {
    if (e.kind != text::Entity::Kind::kMention) continue;
    auto a = store.accounts().GetAccountByHandle(e.value);
    if (a.ok() && a->state != AccountState::kSuspended) {
      e.ref = a->id;
      e.value = a->handle;
    } else if (!a.ok() && a.error().code() != ErrorCode::kNotFound) {
      return a.error();
    }
  }
  return OkStatus();
}

}  // namespace cw
