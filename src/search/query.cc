#include "search/query.h"

#include <chrono>

#include "common/text/entities.h"
#include "common/text/utf8.h"
#include "search/tokenizer.h"

namespace cw::search {
namespace {

constexpr size_t kMaxPhrases = 32;
constexpr size_t kMaxQueryBytes = 1000;

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000; }
bool IsQuote(char32_t c) { return c == '"' || c == 0x201C || c == 0x201D || c == 0xFF02; }

struct Chunk {
  std::string text;
  bool quoted = false;
  bool negated = false;
};

// Splits on whitespace outside quotes. A '-' right before a word or a quote negates it.
std::vector<Chunk> SplitChunks(const std::vector<char32_t>& cps) {
  std::vector<Chunk> out;
  size_t i = 0, n = cps.size();
  while (i < n) {
    while (i < n && IsSpace(cps[i])) ++i;
    if (i >= n) break;
    Chunk c;
    if ((cps[i] == '-' || cps[i] == 0xFF0D) && i + 1 < n && !IsSpace(cps[i + 1])) {
      c.negated = true;
      ++i;
    }
    if (IsQuote(cps[i])) {
      c.quoted = true;
      size_t j = i + 1;
      while (j < n && !IsQuote(cps[j])) ++j;
      c.text = text::Encode(cps, i + 1, j);
      i = j < n ? j + 1 : j;
    } else {
      size_t j = i;
      while (j < n && !IsSpace(cps[j]) && !IsQuote(cps[j])) ++j;
      c.text = text::Encode(cps, i, j);
      i = j;
    }
    out.push_back(std::move(c));
  }
  return out;
}

// "key:value" with key in lower case; false if `s` has no such prefix.
bool Filter(const std::string& s, std::string_view key, std::string* value) {
  if (s.size() <= key.size() + 1) return false;
  if (text::AsciiLower(s.substr(0, key.size())) != key || s[key.size()] != ':') return false;
  *value = s.substr(key.size() + 1);
  return true;
}

}  // namespace

bool ParseDate(std::string_view s, TimeMs* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (size_t i = starts[k]; i < starts[k] + lens[k]; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      parts[k] = parts[k] * 10 + (s[i] - '0');
    }
  }
  using namespace std::chrono;
  year_month_day ymd{year{parts[0]}, month{static_cast<unsigned>(parts[1])},
                     day{static_cast<unsigned>(parts[2])}};
  if (!ymd.ok() || parts[0] < 1970) return false;
  *out = static_cast<TimeMs>(sys_days{ymd}.time_since_epoch().count()) * 86'400'000;
  return true;
}

std::vector<std::vector<std::string>> QueryPhrases(std::string_view text) {
  // Entities become exact terms only: their letters are blanked out of the analyzed text, so
  // "#话题#" asks for the topic, not for the words 话题.
  std::vector<text::Entity> entities;
  std::string plain(text);
  if (text::IsValidUtf8(text)) {
    entities = text::ExtractEntities(text);
    if (!entities.empty()) {
      std::vector<char32_t> cps = text::Decode(text);
      for (const auto& e : entities) {
        for (size_t i = e.start; i < e.end && i < cps.size(); ++i) cps[i] = U' ';
      }
      plain = text::Encode(cps, 0, cps.size());
    }
  }
  Analysis a = Analyze(plain, {});
  std::vector<std::vector<std::string>> out;
  std::vector<std::string> phrase;
  for (auto& term : a.stream) {
    if (IsCjkUnigram(term)) {
      if (!phrase.empty()) out.push_back(std::move(phrase));
      phrase.clear();
      out.push_back({std::move(term)});
    } else {
      phrase.push_back(std::move(term));
    }
  }
  if (!phrase.empty()) out.push_back(std::move(phrase));
  for (const auto& e : entities) {
    std::string term = e.kind == text::Entity::Kind::kMention ? MentionTerm(e.value)
                       : e.kind == text::Entity::Kind::kTopic ? TopicTerm(e.value)
                                                              : std::string();
    if (!term.empty()) out.push_back({std::move(term)});
  }
  return out;
}

Result<ParsedQuery> ParseQuery(std::string_view query) {
  if (query.size() > kMaxQueryBytes) return InvalidArgument("the query is too long");
  if (!text::IsValidUtf8(query)) return InvalidArgument("the query is not valid UTF-8");
  ParsedQuery q;
  std::vector<Chunk> chunks = SplitChunks(text::Decode(query));
  for (size_t k = 0; k < chunks.size(); ++k) {
    const Chunk& c = chunks[k];
    std::string value;
    if (!c.quoted && !c.negated) {
      if (Filter(c.text, "from", &value)) {
        if (!value.empty() && value[0] == '@') value.erase(0, 1);
        if (!text::IsValidHandle(value)) return InvalidArgument("from: takes a handle");
        q.from = value;
        continue;
      }
      if (Filter(c.text, "since", &value)) {
        if (!ParseDate(value, &q.since)) return InvalidArgument("since: takes a date YYYY-MM-DD");
        continue;
      }
      if (Filter(c.text, "until", &value)) {
        if (!ParseDate(value, &q.until)) return InvalidArgument("until: takes a date YYYY-MM-DD");
        continue;
      }
    }
    auto phrases = QueryPhrases(c.text);
    auto& into = c.negated ? q.must_not : q.must;
    for (auto& p : phrases) into.push_back(std::move(p));
    if (!c.negated && !phrases.empty()) q.last_is_open = !c.quoted && k + 1 == chunks.size();
  }
  if (q.must.size() + q.must_not.size() > kMaxPhrases) {
    return InvalidArgument("the query has too many words");
  }
  return q;
}

}  // namespace cw::search
