// The design is simple: normalise to the code points that carry meaning, hash every unigram and
// bigram with a 64-bit mixer, and keep for each bit the sign of the sum of ±1 votes. The recent
// index is a ring of fingerprints with, per band value, a list of ring sequence numbers; a slot
// overwritten by a newer text makes its old sequence stale, which lookups skip.
#include "integrity/simhash.h"

#include <algorithm>
#include <array>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "common/text/utf8.h"

namespace cw::integrity {
namespace {

constexpr char32_t kLinkPlaceholder = 0xE000;  // private use: "a link was here"

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

bool IsAsciiAlnum(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Fullwidth ASCII letters and digits become ASCII; ASCII letters become lower case.
char32_t Fold(char32_t c) {
  if (c >= 0xFF10 && c <= 0xFF5A) c = c - 0xFF10 + '0';
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

// Letters and digits of the scripts micro-blog text is written in; punctuation, symbols, emoji
// and spaces carry no duplicate evidence (bots vary them to dodge exact matching).
bool IsMeaningful(char32_t c) {
  return IsAsciiAlnum(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x3040 && c <= 0x30FF) ||  // kana
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK ideographs
         (c >= 0xAC00 && c <= 0xD7AF) ||  // Hangul
         (c >= 0x20000 && c <= 0x3134F);  // CJK extensions
}

bool IsMentionChar(char32_t c) { return IsMeaningful(c) || c == '_' || c == '-'; }

bool StartsWith(const std::vector<char32_t>& cps, size_t i, std::u32string_view prefix) {
  if (i + prefix.size() > cps.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    if (Fold(cps[i + k]) != prefix[k]) return false;
  }
  return true;
}

// Length of the entity starting at cps[i] that normalisation drops or replaces, or 0.
size_t SkippedEntityLength(const std::vector<char32_t>& cps, size_t i, bool* is_link) {
  *is_link = false;
  char32_t c = cps[i];
  if (c == '@') {  // a mention: Weibo nicknames may be Chinese, so take any name characters
    size_t j = i + 1;
    while (j < cps.size() && j - i <= 30 && IsMentionChar(cps[j])) ++j;
    return j - i;
  }
  if (c == '#' || c == 0xFF03) {  // a closed topic "#话题#"
    for (size_t j = i + 1; j < cps.size() && j - i <= 40; ++j) {
      if (cps[j] == '\n') break;
      if (cps[j] == '#' || cps[j] == 0xFF03) return j - i + 1;
    }
    return 0;
  }
  if (c == '[') {  // an emoji code "[哈哈]"
    for (size_t j = i + 1; j < cps.size() && j - i <= 8; ++j) {
      if (cps[j] == ']') return j - i + 1;
    }
    return 0;
  }
  const char32_t first = Fold(c);  // most characters start no link: one test, not four
  if ((first == 'h' && (StartsWith(cps, i, U"http://") || StartsWith(cps, i, U"https://"))) ||
      (first == 'w' && StartsWith(cps, i, U"www.")) ||
      (first == 't' && StartsWith(cps, i, U"t.cn/"))) {
    size_t j = i;
    while (j < cps.size() && cps[j] > ' ' && cps[j] < 0x80) ++j;
    *is_link = true;
    return j - i;
  }
  return 0;
}

// The forwarder's own words end where the quoted chain "//@someone: …" begins.
size_t OwnWordsEnd(const std::vector<char32_t>& cps) {
  for (size_t i = 0; i + 2 < cps.size(); ++i) {
    if (cps[i] == '/' && cps[i + 1] == '/' && cps[i + 2] == '@') return i;
  }
  return cps.size();
}

}  // namespace

std::u32string NormalizeForDuplicates(std::string_view text) {
  std::vector<char32_t> cps = text::Decode(text);
  size_t end = OwnWordsEnd(cps);
  std::u32string out;
  for (size_t i = 0; i < end;) {
    bool is_link = false;
    size_t skip = SkippedEntityLength(cps, i, &is_link);
    if (skip > 0) {
      if (is_link) out.push_back(kLinkPlaceholder);
      i += skip;
      continue;
    }
    char32_t c = Fold(cps[i++]);
    if (!IsMeaningful(c)) continue;
    size_t n = out.size();
    if (n >= 2 && out[n - 1] == c && out[n - 2] == c) continue;  // "哈哈哈哈" says "哈哈"
    out.push_back(c);
  }
  return out;
}

uint64_t SimHash(const std::u32string& normalized) {
  // A bit is set when more features have it set than not. The features with each bit set are
  // counted in bytes, eight to a word (one word per byte of the hash, one table lookup and one
  // add instead of eight), and carried into wide counters before a byte can overflow.
  static constexpr std::array<uint64_t, 256> kSpread = [] {
    std::array<uint64_t, 256> t{};
    for (uint64_t v = 0; v < 256; ++v) {
      for (int i = 0; i < 8; ++i) t[v] |= ((v >> i) & 1) << (8 * i);
    }
    return t;
  }();
  std::array<uint32_t, 64> ones{};
  std::array<uint64_t, 8> packed{};
  int pending = 0;
  auto carry = [&] {
    for (int j = 0; j < 8; ++j) {
      for (int i = 0; i < 8; ++i) ones[8 * j + i] += (packed[j] >> (8 * i)) & 0xFF;
      packed[j] = 0;
    }
    pending = 0;
  };
  auto count = [&](uint64_t feature) {
    uint64_t h = Mix(feature);
    for (int j = 0; j < 8; ++j) packed[j] += kSpread[(h >> (8 * j)) & 0xFF];
    if (++pending == 255) carry();
  };
  uint64_t features = 0;
  for (size_t i = 0; i < normalized.size(); ++i) {
    count(normalized[i]);
    ++features;
    if (i + 1 < normalized.size()) {
      count((static_cast<uint64_t>(normalized[i]) << 32 | normalized[i + 1]) ^ 0x5bd1e995ULL);
      ++features;
    }
  }
  carry();
  uint64_t hash = 0;
  for (int b = 0; b < 64; ++b) {
    if (2 * uint64_t{ones[b]} > features) hash |= uint64_t{1} << b;
  }
  return hash;
}

std::optional<uint64_t> TextFingerprint(std::string_view text, size_t min_code_points) {
  std::u32string normalized = NormalizeForDuplicates(text);
  if (normalized.size() < min_code_points) return std::nullopt;
  // At least 5 distinct code points.
  std::array<char32_t, 5> distinct{};
  size_t found = 0;
  for (size_t i = 0; i < normalized.size() && found < distinct.size(); ++i) {
    if (std::find(distinct.begin(), distinct.begin() + found, normalized[i]) ==
        distinct.begin() + found) {
      distinct[found++] = normalized[i];
    }
  }
  if (found < distinct.size()) return std::nullopt;
  return SimHash(normalized);
}

NearDuplicateIndex::NearDuplicateIndex(int max_distance, int bands)
    : max_distance_(max_distance), bands_(bands), bits_(64 / bands),
      buckets_(static_cast<size_t>(bands) << (64 / bands)) {}

size_t NearDuplicateIndex::Bucket(uint64_t fingerprint, int band) const {
  uint64_t value = (fingerprint >> (band * bits_)) & ((uint64_t{1} << bits_) - 1);
  return (static_cast<size_t>(band) << bits_) + value;
}

void NearDuplicateIndex::Add(uint64_t fingerprint, uint32_t id) {
  for (int band = 0; band < bands_; ++band) {
    buckets_[Bucket(fingerprint, band)].emplace_back(fingerprint, id);
  }
}

std::vector<uint32_t> NearDuplicateIndex::Find(uint64_t fingerprint) const {
  std::vector<uint32_t> ids;
  for (int band = 0; band < bands_; ++band) {
    for (const auto& [other, id] : buckets_[Bucket(fingerprint, band)]) {
      if (HammingDistance(fingerprint, other) <= max_distance_) ids.push_back(id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

RecentTextIndex::RecentTextIndex(RecentTextOptions options)
    : options_(options),
      ring_(std::max<size_t>(1, options.capacity)),
      buckets_(kBands << kBits),
      compact_at_(kBands << kBits, 64) {}

size_t RecentTextIndex::BucketOf(uint64_t fingerprint, int band) const {
  return (static_cast<size_t>(band) << kBits) + ((fingerprint >> (band * kBits)) & 0xFF);
}

uint64_t RecentTextIndex::OldestLocked() const {
  return next_sequence_ > ring_.size() ? next_sequence_ - ring_.size() : 1;
}

uint64_t RecentTextIndex::FirstCountedLocked(TimeMs now) const {
  uint64_t lo = OldestLocked();
  uint64_t hi = next_sequence_;
  if (options_.window_ms <= 0) return lo;
  while (lo < hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (now - ring_[mid % ring_.size()].at > options_.window_ms) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

namespace {

// Positions in [begin, end) of `fingerprints` within `max_distance` of `fingerprint`, newest
// (highest) first, at most `limit` of them, appended to `out`. The portable loop is cloned for
// CPUs with a popcount instruction (the baseline x86-64 computes HammingDistance's popcount in a
// dozen instructions); CPUs with AVX-512's vector popcount compare eight at a time.
__attribute__((target_clones("popcnt", "default"))) void FindNearScalar(
    const uint64_t* fingerprints, size_t begin, size_t end, uint64_t fingerprint,
    int max_distance, size_t limit, std::vector<size_t>* out) {
  for (size_t i = end; i > begin && out->size() < limit; --i) {
    if (HammingDistance(fingerprints[i - 1], fingerprint) <= max_distance) {
      out->push_back(i - 1);
    }
  }
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512vpopcntdq"))) void FindNearAvx512(
    const uint64_t* fingerprints, size_t begin, size_t end, uint64_t fingerprint,
    int max_distance, size_t limit, std::vector<size_t>* out) {
  const __m512i query = _mm512_set1_epi64(static_cast<long long>(fingerprint));
  const __m512i most = _mm512_set1_epi64(max_distance);
  size_t i = end;
  for (; i >= begin + 8 && out->size() < limit; i -= 8) {
    __m512i block = _mm512_loadu_si512(fingerprints + i - 8);
    __m512i distance = _mm512_popcnt_epi64(_mm512_xor_si512(block, query));
    unsigned near = _mm512_cmple_epu64_mask(distance, most);
    while (near != 0 && out->size() < limit) {  // highest lane (newest) first
      int lane = 31 - __builtin_clz(near);
      out->push_back(i - 8 + static_cast<size_t>(lane));
      near &= ~(1u << lane);
    }
  }
  if (out->size() < limit) {
    FindNearScalar(fingerprints, begin, i, fingerprint, max_distance, limit, out);
  }
}
#endif

void FindNear(const uint64_t* fingerprints, size_t begin, size_t end, uint64_t fingerprint,
              int max_distance, size_t limit, std::vector<size_t>* out) {
#if defined(__x86_64__)
  static const bool vector_popcount =
      __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vpopcntdq");
  if (vector_popcount) {
    FindNearAvx512(fingerprints, begin, end, fingerprint, max_distance, limit, out);
    return;
  }
#endif
  FindNearScalar(fingerprints, begin, end, fingerprint, max_distance, limit, out);
}

}  // namespace

DuplicateCounts RecentTextIndex::CountLocked(int64_t author, uint64_t fingerprint,
                                             TimeMs now) const {
  DuplicateCounts counts;
  counts.meaningful = true;
  std::vector<uint64_t> seen;  // a match can share several bands: count it once
  std::vector<int64_t> others;
  // Buckets hold entries in arrival (= time) order: each is scanned from the newest back to the
  // window's edge (or to texts the ring has forgotten), so a lookup costs what the window holds,
  // not what the ring holds; a bucket flooded by one repeated text is cut at
  // kMaxCandidatesPerBucket (the counts saturate anyway).
  constexpr size_t kMaxCandidatesPerBucket = 4096;
  // The score saturates long before this many copies (3 own, 10 other authors), and a flood of
  // one text would otherwise make every lookup walk the whole window.
  constexpr size_t kEnoughMatches = 64;
  const uint64_t first = FirstCountedLocked(now);
  std::vector<size_t> found;
  for (int band = 0; band < kBands && seen.size() < kEnoughMatches; ++band) {
    const Bucket& bucket = buckets_[BucketOf(fingerprint, band)];
    const size_t end = bucket.sequences.size();
    size_t begin = static_cast<size_t>(
        std::lower_bound(bucket.sequences.begin(), bucket.sequences.end(), first) -
        bucket.sequences.begin());
    if (end - begin > kMaxCandidatesPerBucket) begin = end - kMaxCandidatesPerBucket;
    found.clear();
    FindNear(bucket.fingerprints.data(), begin, end, fingerprint, options_.max_distance,
             kEnoughMatches - seen.size(), &found);
    for (size_t i : found) seen.push_back(bucket.sequences[i]);
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  for (uint64_t sequence : seen) {
    const Entry& e = ring_[sequence % ring_.size()];
    if (e.author == author) {
      ++counts.by_author;
    } else {
      ++counts.by_others;
      others.push_back(e.author);
    }
  }
  std::sort(others.begin(), others.end());
  counts.other_authors =
      static_cast<uint32_t>(std::unique(others.begin(), others.end()) - others.begin());
  return counts;
}

void RecentTextIndex::AddLocked(int64_t author, uint64_t fingerprint, TimeMs now) {
  uint64_t sequence = next_sequence_++;
  ring_[sequence % ring_.size()] = Entry{sequence, fingerprint, author, now};
  for (int band = 0; band < kBands; ++band) {
    size_t b = BucketOf(fingerprint, band);
    Bucket& bucket = buckets_[b];
    bucket.sequences.push_back(sequence);
    bucket.fingerprints.push_back(fingerprint);
    if (bucket.sequences.size() < compact_at_[b]) continue;
    // Drop stale entries (a prefix: sequences ascend); a bucket stays within twice its live size,
    // so memory is bounded.
    size_t stale = static_cast<size_t>(
        std::lower_bound(bucket.sequences.begin(), bucket.sequences.end(), OldestLocked()) -
        bucket.sequences.begin());
    bucket.sequences.erase(bucket.sequences.begin(), bucket.sequences.begin() + stale);
    bucket.fingerprints.erase(bucket.fingerprints.begin(), bucket.fingerprints.begin() + stale);
    compact_at_[b] = std::max<size_t>(64, 2 * bucket.sequences.size());
  }
}

DuplicateCounts RecentTextIndex::Check(int64_t author, std::string_view text, TimeMs now) const {
  std::optional<uint64_t> fingerprint = TextFingerprint(text, options_.min_code_points);
  if (!fingerprint) return {};
  std::lock_guard lock(mu_);
  return CountLocked(author, *fingerprint, now);
}

DuplicateCounts RecentTextIndex::CheckAndAdd(int64_t author, std::string_view text, TimeMs now) {
  return CheckAndAdd(author, TextFingerprint(text, options_.min_code_points), now);
}

DuplicateCounts RecentTextIndex::CheckAndAdd(int64_t author, std::optional<uint64_t> fingerprint,
                                             TimeMs now) {
  if (!fingerprint) return {};
  std::lock_guard lock(mu_);
  DuplicateCounts counts = CountLocked(author, *fingerprint, now);
  AddLocked(author, *fingerprint, now);
  return counts;
}

}  // namespace cw::integrity
