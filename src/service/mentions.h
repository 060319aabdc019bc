// Mentions in a text resolved to accounts, the same way for posts, comments and messages.
#pragma once

#include <vector>

#include "common/result.h"
#include "common/text/entities.h"
#include "store/store.h"

namespace cw {

// Sets each mention's `ref` to the account its handle names (and `value` to that account's
// spelling of the handle); a handle of nobody, or of a suspended account, stays unresolved.
Status ResolveMentions(Store& store, std::vector<text::Entity>* entities);

}  // namespace cw
