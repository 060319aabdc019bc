#include "analytics/hyperloglog.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace cw::analytics {

uint64_t HyperLogLog::Hash(Id id) {
  uint64_t z = static_cast<uint64_t>(id) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void HyperLogLog::Add(Id id) {
  const uint64_t h = Hash(id);
  const size_t index = static_cast<size_t>(h >> (64 - kPrecision));
  // The rank of the first 1 bit in the remaining 50 bits; the sentinel bit caps it at 51.
  const uint64_t rest = (h << kPrecision) | (uint64_t{1} << (kPrecision - 1));
  const auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

void HyperLogLog::Merge(const HyperLogLog& other) {
  for (size_t i = 0; i < kRegisters; ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

double HyperLogLog::Estimate() const {
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  const double raw = alpha * m * m / sum;
  // Small range: linear counting over the empty registers is far more accurate. With a 64-bit
  // hash no large-range correction is needed.
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return raw;
}

}  // namespace cw::analytics
