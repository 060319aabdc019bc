#include "common/text/entities.h"

#include "common/text/utf8.h"

namespace cw::text {
namespace {

constexpr size_t kMaxHandle = 30;
constexpr size_t kMaxTopic = 64;
constexpr size_t kMaxLink = 2048;

bool IsHandleChar(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0;
}

// Letters and digits of any script, approximated without tables: ASCII word characters, Latin
// letters with diacritics, and everything from CJK radicals up except CJK and full-width
// punctuation and symbols. Good enough to end a "#tag" at punctuation in both languages.
bool IsTagChar(char32_t c) {
  if (IsHandleChar(c)) return true;
  if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) return true;
  if (c >= 0x370 && c <= 0x1FFF) return true;  // Greek, Cyrillic, ..., Indic
  if (c >= 0x3000 && c <= 0x303F) return false;  // CJK punctuation
  if (c >= 0xFF00 && c <= 0xFF0F) return false;
  if (c >= 0xFF1A && c <= 0xFF20) return false;
  if (c >= 0xFF3B && c <= 0xFF40) return false;
  if (c >= 0xFF5B && c <= 0xFF65) return false;
  if (c >= 0x1F000) return false;  // emoji
  if (c >= 0x2E80 && c <= 0xFFEF) return true;
  return false;
}

bool IsUrlChar(char32_t c) { return c > 0x20 && c < 0x7F && c != '<' && c != '>' && c != '"'; }

bool StartsWith(const std::vector<char32_t>& cps, size_t i, std::string_view prefix) {
  if (i + prefix.size() > cps.size()) return false;
  for (size_t k = 0; k < prefix.size(); ++k) {
    char32_t c = cps[i + k];
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != static_cast<char32_t>(prefix[k])) return false;
  }
  return true;
}

}  // namespace

bool IsValidHandle(std::string_view handle) {
  if (handle.size() < 2 || handle.size() > kMaxHandle) return false;
  for (char c : handle) {
    if (!IsHandleChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::vector<Entity> ExtractEntities(std::string_view s) {
  std::vector<char32_t> cps = Decode(s);
  std::vector<Entity> out;
  size_t n = cps.size();
  size_t i = 0;
  while (i < n) {
    char32_t c = cps[i];
    bool at_word_start = i == 0 || !IsHandleChar(cps[i - 1]);
    if (c == '@' && at_word_start) {
      size_t j = i + 1;
      while (j < n && IsHandleChar(cps[j]) && j - i - 1 < kMaxHandle + 1) ++j;
      size_t len = j - i - 1;
      if (len >= 2 && len <= kMaxHandle && !(j < n && IsHandleChar(cps[j]))) {
        out.push_back({Entity::Kind::kMention, i, j, Encode(cps, i + 1, j), false});
        i = j;
        continue;
      }
    } else if (c == '#' || c == 0xFF03) {  // '#' or full-width '＃'
      // Weibo's closed form first: "#话题#" with no '#', newline or edge whitespace inside.
      size_t j = i + 1;
      while (j < n && j - i - 1 <= kMaxTopic && cps[j] != '#' && cps[j] != 0xFF03 &&
             cps[j] != '\n' && cps[j] != '\r') {
        ++j;
      }
      size_t len = j - i - 1;
      if (j < n && (cps[j] == '#' || cps[j] == 0xFF03) && len >= 1 && len <= kMaxTopic &&
          !IsSpace(cps[i + 1]) && !IsSpace(cps[j - 1])) {
        out.push_back({Entity::Kind::kTopic, i, j + 1, Encode(cps, i + 1, j), true});
        i = j + 1;
        continue;
      }
      // Then the open form "#tag": a run of letters and digits, not all digits.
      if (i == 0 || !IsTagChar(cps[i - 1])) {
        j = i + 1;
        bool has_non_digit = false;
        while (j < n && IsTagChar(cps[j]) && j - i - 1 < kMaxTopic) {
          if (cps[j] < '0' || cps[j] > '9') has_non_digit = true;
          ++j;
        }
        if (j > i + 1 && has_non_digit) {
          out.push_back({Entity::Kind::kTopic, i, j, Encode(cps, i + 1, j), false});
          i = j;
          continue;
        }
      }
    } else if ((c == 'h' || c == 'H') && (StartsWith(cps, i, "http://") ||
                                          StartsWith(cps, i, "https://"))) {
      size_t j = i;
      while (j < n && IsUrlChar(cps[j]) && j - i < kMaxLink) ++j;
      // Trailing punctuation belongs to the sentence, not the link.
      while (j > i && (cps[j - 1] == '.' || cps[j - 1] == ',' || cps[j - 1] == ';' ||
                       cps[j - 1] == ':' || cps[j - 1] == '!' || cps[j - 1] == '?' ||
                       cps[j - 1] == ')' || cps[j - 1] == ']' || cps[j - 1] == '\'')) {
        --j;
      }
      size_t scheme = cps[i + 4] == 's' || cps[i + 4] == 'S' ? 8 : 7;
      if (j > i + scheme) {
        out.push_back({Entity::Kind::kLink, i, j, Encode(cps, i, j), false});
        i = j;
        continue;
      }
    }
    ++i;
  }
  return out;
}

}  // namespace cw::text
