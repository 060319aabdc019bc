// A HyperLogLog sketch of a set of ids (Flajolet et al. 2007): 2^14 one-byte registers, a 64-bit
// hash, linear counting for small cardinalities. Standard error about 1.04 / sqrt(2^14) = 0.8%.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "common/id.h"

namespace cw::analytics {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 14;
  static constexpr size_t kRegisters = size_t{1} << kPrecision;

  HyperLogLog() : registers_(kRegisters, 0) {}

  void Add(Id id);
  // Folds `other` in (the sketch of the union).
  void Merge(const HyperLogLog& other);
  // The estimated number of distinct ids added.
  double Estimate() const;

  // The 64-bit mixer used for the ids (splitmix64's finaliser); exposed for tests.
  static uint64_t Hash(Id id);

 private:
  std::vector<uint8_t> registers_;
};

}  // namespace cw::analytics
