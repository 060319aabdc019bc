// The design is simple: normalise the whole text once (NFKC_Casefold) and walk it code point by
// code point. CJK code points extend the current CJK run; the stretches between runs go through
// ICU's word break iterator, and word characters (letters, digits, combining marks, '_') of a word
// segment extend the current word. Anything else inside a segment (an apostrophe, a dot in "3.14")
// is dropped without ending the word, and segments that are not words (spaces, punctuation, emoji)
// end both. A CJK run ends at anything that is not CJK and becomes its bigrams, or itself when it
// is one character long.
#include "search/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <memory>

#include "common/result.h"
#include "common/text/utf8.h"

namespace cw::search {
namespace {

constexpr size_t kMaxWordChars = 64;

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
    CW_CHECK(U_SUCCESS(status) && n != nullptr);
    return n;
  }();
  return *instance;
}

// A word break iterator per thread: ICU iterators are not thread-safe, and making one per call
// costs more than the analysis of a short post.
icu::BreakIterator& WordBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> it = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    CW_CHECK(U_SUCCESS(status) && b != nullptr);
    return b;
  }();
  return *it;
}

bool IsCjk(UChar32 c) {
  if (c == 0x30FC) return true;  // ー, the prolonged sound mark (script Common)
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return false;
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL;
}

bool IsWordChar(UChar32 c) {
  if (c == '_') return true;
  if (u_isalnum(c)) return true;
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

void AppendCodePoint(UChar32 c, std::string* out) { text::AppendUtf8(static_cast<char32_t>(c), out); }

// Collects terms while the text is walked.
class Builder {
 public:
  explicit Builder(Analysis* out) : out_(out) {}

  void Cjk(UChar32 c) {
    FlushWord();
    run_.push_back(c);
  }
  void Word(UChar32 c) {
    FlushRun();
    if (word_chars_ < kMaxWordChars) {
      AppendCodePoint(c, &word_);
      ++word_chars_;
    }
  }
  void Flush() {
    FlushWord();
    FlushRun();
  }

 private:
  void FlushWord() {
    if (!word_.empty()) out_->stream.push_back(std::move(word_));
    word_.clear();
    word_chars_ = 0;
  }
  void FlushRun() {
    if (run_.empty()) return;
    out_->unigrams.reserve(out_->unigrams.size() + run_.size());
    out_->stream.reserve(out_->stream.size() + run_.size());
    for (size_t i = 0; i < run_.size(); ++i) {
      std::string uni;
      AppendCodePoint(run_[i], &uni);
      if (run_.size() == 1) {
        out_->stream.push_back(uni);
      } else if (i + 1 < run_.size()) {
        std::string bi = uni;
        AppendCodePoint(run_[i + 1], &bi);
        out_->stream.push_back(std::move(bi));
      }
      out_->unigrams.push_back(std::move(uni));
    }
    run_.clear();
  }

  Analysis* out_;
  std::string word_;
  size_t word_chars_ = 0;
  std::vector<UChar32> run_;
};

// `s` normalised, with the code points in [begin, end) of each link replaced by spaces.
icu::UnicodeString NormalizedWithoutLinks(std::string_view s,
                                          const std::vector<text::Entity>& entities) {
  bool has_link = false;
  for (const auto& e : entities) has_link = has_link || e.kind == text::Entity::Kind::kLink;
  icu::UnicodeString raw;
  if (has_link && text::IsValidUtf8(s)) {
    std::vector<char32_t> cps = text::Decode(s);
    for (const auto& e : entities) {
      if (e.kind != text::Entity::Kind::kLink) continue;
      for (size_t i = e.start; i < e.end && i < cps.size(); ++i) cps[i] = U' ';
    }
    std::string blanked = text::Encode(cps, 0, cps.size());
    raw = icu::UnicodeString::fromUTF8(icu::StringPiece(blanked.data(), static_cast<int32_t>(blanked.size())));
  } else {
    raw = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = NfkcCasefold().normalize(raw, status);
  if (U_FAILURE(status)) return raw;
  return out;
}

void AddUnique(std::string term, std::vector<std::string>* out) {
  if (term.empty()) return;
  for (const auto& t : *out) {
    if (t == term) return;
  }
  out->push_back(std::move(term));
}

// Feeds the words of `stretch` (text without CJK code points) to `b`: word characters of a word
// segment extend the current word; segments that are not words end it.
void BreakWords(const icu::UnicodeString& stretch, Builder* b) {
  icu::BreakIterator& breaker = WordBreaker();
  breaker.setText(stretch);
  int32_t start = breaker.first();
  for (int32_t end = breaker.next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker.next()) {
    if (breaker.getRuleStatus() == UBRK_WORD_NONE) {
      b->Flush();
      continue;
    }
    for (int32_t i = start; i < end;) {
      UChar32 c = stretch.char32At(i);
      i += U16_LENGTH(c);
      if (IsWordChar(c)) b->Word(c);
    }
  }
  // The breaker keeps a pointer into `stretch`; leave it on a string that outlives this call.
  static const icu::UnicodeString kEmpty;
  breaker.setText(kEmpty);
}

}  // namespace

std::string Normalize(std::string_view text) {
  icu::UnicodeString s = NormalizedWithoutLinks(text, {});
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string TopicTerm(std::string_view name) {
  icu::UnicodeString s = NormalizedWithoutLinks(name, {});
  std::string out = "#";
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (IsCjk(c) || IsWordChar(c)) AppendCodePoint(c, &out);
  }
  if (out.size() == 1) return {};
  return out;
}

std::string MentionTerm(std::string_view handle) {
  if (handle.empty()) return {};
  return "@" + text::AsciiLower(handle);
}

Analysis Analyze(std::string_view text) { return Analyze(text, text::ExtractEntities(text)); }

Analysis Analyze(std::string_view text, const std::vector<text::Entity>& entities) {
  Analysis out;
  icu::UnicodeString s = NormalizedWithoutLinks(text, entities);
  Builder b(&out);
  // CJK code points extend the run whatever the word break iterator says about them, and its
  // dictionary segmentation of Chinese costs more than all the rest of the analysis: the iterator
  // walks only the stretches between CJK runs.
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    if (IsCjk(c)) {
      b.Cjk(c);
      i += U16_LENGTH(c);
      continue;
    }
    const int32_t start = i;
    do {
      i += U16_LENGTH(c);
    } while (i < s.length() && !IsCjk(c = s.char32At(i)));
    BreakWords(s.tempSubString(start, i - start), &b);
  }
  b.Flush();

  for (const auto& e : entities) {
    if (e.kind == text::Entity::Kind::kMention) {
      AddUnique(MentionTerm(e.value), &out.exact);
    } else if (e.kind == text::Entity::Kind::kTopic) {
      std::string term = TopicTerm(e.value);
      if (term.empty()) continue;
      AddUnique(term.substr(1), &out.topics);
      AddUnique(std::move(term), &out.exact);
    }
  }
  return out;
}

std::string IndexText(const Analysis& a) {
  std::string out;
  for (const auto* list : {&a.stream, &a.unigrams, &a.exact}) {
    for (const auto& t : *list) {
      if (!out.empty()) out += ' ';
      out += t;
    }
  }
  return out;
}

bool IsCjkUnigram(std::string_view term) {
  icu::UnicodeString s =
      icu::UnicodeString::fromUTF8(icu::StringPiece(term.data(), static_cast<int32_t>(term.size())));
  if (s.length() == 0 || s.countChar32() != 1) return false;
  return IsCjk(s.char32At(0));
}

}  // namespace cw::search
