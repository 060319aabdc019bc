#include "integrity/snapshot.h"

#include <algorithm>

namespace cw::integrity {

// A counting sort by row, then each row sorted and deduplicated in place; no per-row allocation,
// so a 30M-edge graph costs the pairs plus one targets array.
Csr BuildCsr(size_t rows, std::vector<std::pair<Index, Index>> pairs) {
  Csr csr;
  csr.offsets.assign(rows + 1, 0);
  for (const auto& [row, target] : pairs) ++csr.offsets[row + 1];
  for (size_t r = 0; r < rows; ++r) csr.offsets[r + 1] += csr.offsets[r];
  csr.targets.resize(pairs.size());
  {
    std::vector<uint64_t> next(csr.offsets.begin(), csr.offsets.end() - 1);
    for (const auto& [row, target] : pairs) csr.targets[next[row]++] = target;
  }
  pairs.clear();
  pairs.shrink_to_fit();
  uint64_t write = 0;
  for (size_t r = 0; r < rows; ++r) {
    Index* begin = csr.targets.data() + csr.offsets[r];
    Index* end = csr.targets.data() + csr.offsets[r + 1];
    std::sort(begin, end);
    Index* unique_end = std::unique(begin, end);
    csr.offsets[r] = write;
    for (Index* it = begin; it != unique_end; ++it) csr.targets[write++] = *it;
  }
  csr.offsets[rows] = write;
  csr.targets.resize(write);
  csr.targets.shrink_to_fit();
  return csr;
}

// Walking followers in increasing order leaves every fan list sorted without a sort.
void Snapshot::BuildFans() {
  size_t n = std::max(accounts.size(), following.Rows());
  fans = Csr{};
  fans.offsets.assign(n + 1, 0);
  for (Index target : following.targets) ++fans.offsets[target + 1];
  for (size_t r = 0; r < n; ++r) fans.offsets[r + 1] += fans.offsets[r];
  fans.targets.resize(following.targets.size());
  std::vector<uint64_t> next(fans.offsets.begin(), fans.offsets.end() - 1);
  for (size_t follower = 0; follower < following.Rows(); ++follower) {
    for (Index followee : following.Row(follower)) {
      fans.targets[next[followee]++] = static_cast<Index>(follower);
    }
  }
}

}  // namespace cw::integrity
