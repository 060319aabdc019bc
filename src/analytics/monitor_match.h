// Brand monitors as pure functions: the matcher that finds which monitors a post's terms match,
// and the burst rule over a monitor's volume per interval. Terms come from the search analyzer
// (search/tokenizer.h); this module never analyses text. A built MonitorMatcher is immutable and
// safe to share between threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/id.h"

namespace cw::analytics {

// One monitor as terms: each keyword a phrase (consecutive terms of the analyzer's stream, or a
// single CJK character, matched as a unigram), each topic its exact term ("#" + name).
struct MonitorTerms {
  Id monitor_id = 0;
  std::vector<std::vector<std::string>> phrases;
  std::vector<std::string> unigrams;
  std::vector<std::string> topics;
};

// A post's terms, as search::Analysis holds them.
struct DocTerms {
  const std::vector<std::string>* stream = nullptr;
  const std::vector<std::string>* unigrams = nullptr;
  const std::vector<std::string>* exact = nullptr;
};

// An index from a phrase's first term, a unigram or a topic term to the monitors that want it,
// so a post costs one hash lookup per term it has, however many monitors exist.
class MonitorMatcher {
 public:
  explicit MonitorMatcher(const std::vector<MonitorTerms>& monitors);
  // The monitors the document matches, sorted, without repeats.
  std::vector<Id> Match(const DocTerms& doc) const;
  size_t monitors() const { return monitors_; }

 private:
  struct Phrase {
    Id monitor_id = 0;
    std::vector<std::string> rest;  // the terms after the first
  };
  std::unordered_map<std::string, std::vector<Phrase>> phrases_;
  // Apart, so a post's many unigrams are only looked up when some keyword is one character.
  std::unordered_map<std::string, std::vector<Id>> unigrams_;
  std::unordered_map<std::string, std::vector<Id>> topics_;
  size_t monitors_ = 0;
};

// The burst rule. `history` holds the posts of the intervals before the one being judged,
// oldest first; `volume` that interval's posts. A burst is
//   volume >= min_posts  and  volume >= factor × mean  and  volume >= mean + 3 × stddev,
// with the mean and standard deviation over `history` (0 when it is empty): the interval is
// several times its usual level, clear of the series' own noise, and big enough to matter.
struct BurstVerdict {
  bool burst = false;
  double baseline = 0;  // mean of history
  double spread = 0;    // standard deviation of history
};
BurstVerdict JudgeBurst(int64_t volume, const std::vector<int64_t>& history, double factor,
                        int64_t min_posts);

}  // namespace cw::analytics
