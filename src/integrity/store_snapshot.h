// Builds the detectors' Snapshot from the store: every account, follow, live post, comment and
// like, numbered densely in time order. Also keeps what the scan's write-back needs and the
// detectors do not (account states, the credible flags as they were). One consistent read.
#pragma once

#include <vector>

#include "common/result.h"
#include "integrity/snapshot.h"
#include "store/store.h"

namespace cw::integrity {

struct LoadedSnapshot {
  Snapshot snapshot;
  std::vector<AccountState> states;  // per account index
  std::vector<bool> credible;        // per account index: the flag before this scan
  double seconds = 0;
};

// kUnavailable when the store has no IntegrityStore.
Result<LoadedSnapshot> LoadSnapshot(Store& store, TimeMs now);

}  // namespace cw::integrity
