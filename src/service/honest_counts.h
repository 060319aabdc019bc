// Honest counts: every count exists raw and real. Writes move the raw counters and, when the
// acting account is not credible, the suspect part beside them (real = raw - suspect); a scan
// recomputes the suspect parts exactly (integrity/), and a moderator's decision recounts what
// the account touched (IntegrityStore). These helpers keep the write paths from repeating it.
#pragma once

#include "common/result.h"
#include "model/post.h"
#include "store/store.h"

namespace cw {

// Whether the account counts as credible; an unknown account counts as credible.
Result<bool> IsCredible(Store& store, Id account_id);

// Moves the forward counters of a forward's root and (if different) its parent by `delta`,
// raw always and suspect when the forwarder is not credible.
Status CountForward(Store& store, const Post& forward, bool forwarder_credible, int delta);

}  // namespace cw
