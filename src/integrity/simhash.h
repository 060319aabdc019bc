// Near-duplicate text: 64-bit SimHash (Charikar, STOC 2002; Manku et al., WWW 2007) over
// character unigrams and bigrams of normalised text, Hamming distance, a banded index, and a
// bounded, thread-safe index of recent texts for the online spam score. Normalisation keeps only
// letters and digits, drops @mentions, #topics#, [emoji] codes and the quoted "//@…" forward
// chain, turns every link into one placeholder and cuts runs of one character to two; a text with
// fewer than kMinMeaningfulCodePoints left ("转发微博", "我信", "[哈哈]", "+1") has no fingerprint,
// because real people repeat such phrases all the time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace cw::integrity {

inline constexpr size_t kMinMeaningfulCodePoints = 8;
// One character changed in a 40-character text moves ~5 of 64 bits on average; unrelated texts
// sit near 32 (σ ≈ 4). 9 keeps both tails far apart.
inline constexpr int kDefaultMaxDistance = 9;

// The code points that carry meaning (see the header comment). `text` must be valid UTF-8.
std::u32string NormalizeForDuplicates(std::string_view text);

// The SimHash of normalised code points (unigrams and bigrams, each weighted 1).
uint64_t SimHash(const std::u32string& normalized);

// The SimHash of `text`, or nullopt when fewer than `min_code_points` code points (or fewer than
// 5 distinct ones) remain after normalisation.
std::optional<uint64_t> TextFingerprint(std::string_view text,
                                        size_t min_code_points = kMinMeaningfulCodePoints);

inline int HammingDistance(uint64_t a, uint64_t b) { return __builtin_popcountll(a ^ b); }

// Banding: the 64 bits split into `bands` equal bands; two fingerprints are candidates when one
// band matches exactly, then checked by Hamming distance. 8 bands of 8 bits find a pair at
// distance 6 with probability ~0.99 (4 bands of 16 bits, only ~0.5), at the cost of more
// candidates per query. Not thread-safe; ids are the caller's.
class NearDuplicateIndex {
 public:
  explicit NearDuplicateIndex(int max_distance = kDefaultMaxDistance, int bands = 8);
  void Add(uint64_t fingerprint, uint32_t id);
  // The ids of every added fingerprint within max_distance, each once.
  std::vector<uint32_t> Find(uint64_t fingerprint) const;

 private:
  size_t Bucket(uint64_t fingerprint, int band) const;
  int max_distance_;
  int bands_;
  int bits_;
  std::vector<std::vector<std::pair<uint64_t, uint32_t>>> buckets_;  // band * 2^bits + value
};

struct RecentTextOptions {
  size_t capacity = 200000;           // texts remembered (a ring: the oldest is forgotten)
  TimeMs window_ms = 24 * 3600 * 1000; // texts older than this do not count (0: no limit)
  int max_distance = kDefaultMaxDistance;
  size_t min_code_points = kMinMeaningfulCodePoints;
};

// Counting stops after 64 matches, newest first: the spam score saturates long before.
struct DuplicateCounts {
  bool meaningful = false;  // false: too short to compare, both counts 0
  uint32_t by_author = 0;   // near-duplicates among the author's own recent texts
  uint32_t by_others = 0;   // near-duplicates by other accounts
  uint32_t other_authors = 0;  // distinct other accounts among those
};

// "How many near-duplicates of this text were seen recently, by this author and by others?"
// Memory is bounded by `capacity`. Safe for concurrent use.
class RecentTextIndex {
 public:
  explicit RecentTextIndex(RecentTextOptions options = {});

  DuplicateCounts Check(int64_t author, std::string_view text, TimeMs now) const;
  // Check, then remember the text (if meaningful) as the author's at `now`.
  DuplicateCounts CheckAndAdd(int64_t author, std::string_view text, TimeMs now);
  // The same with a fingerprint computed beforehand (nullopt: a text too short to compare), so
  // batch callers can fingerprint in parallel and hold the lock only for the lookup.
  DuplicateCounts CheckAndAdd(int64_t author, std::optional<uint64_t> fingerprint, TimeMs now);

 private:
  struct Entry {
    uint64_t sequence = 0;  // 0: empty slot
    uint64_t fingerprint = 0;
    int64_t author = 0;
    TimeMs at = 0;
  };
  // A bucket: its entries' sequences (ascending) and, apart, their fingerprints, so a lookup
  // finds the window's edge by binary search and then scans fingerprints alone, in order,
  // touching the ring only for the near-duplicates it finds.
  struct Bucket {
    std::vector<uint64_t> sequences;
    std::vector<uint64_t> fingerprints;
  };
  DuplicateCounts CountLocked(int64_t author, uint64_t fingerprint, TimeMs now) const;
  void AddLocked(int64_t author, uint64_t fingerprint, TimeMs now);
  size_t BucketOf(uint64_t fingerprint, int band) const;
  // The oldest sequence still in the ring.
  uint64_t OldestLocked() const;
  // The oldest sequence still in the ring and inside the window at `now`: times follow sequence
  // order (the clock moves forward, near enough), so it is found by binary search.
  uint64_t FirstCountedLocked(TimeMs now) const;

  const RecentTextOptions options_;
  static constexpr int kBands = 8;
  static constexpr int kBits = 8;
  mutable std::mutex mu_;
  std::vector<Entry> ring_;  // GUARDED_BY(mu_)
  uint64_t next_sequence_ = 1;  // GUARDED_BY(mu_)
  // GUARDED_BY(mu_): band * 256 + value -> its entries in sequence order; stale ones (forgotten by
  // the ring) are compacted away when a bucket doubles.
  std::vector<Bucket> buckets_;
  std::vector<size_t> compact_at_;  // GUARDED_BY(mu_)
};

}  // namespace cw::integrity
