// The analyzer shared by indexing and querying: text -> search terms. Pure functions; thread-safe.
//
// Text is normalised with ICU's NFKC_Casefold (full-width forms become ASCII, case is folded).
// CJK runs (Han, Hiragana, Katakana, Hangul) become overlapping bigrams, each character also a
// unigram (the approach of Lucene's CJK analyzer); other scripts are split with ICU's word break
// iterator. Emoji and punctuation are dropped. "#话题#", "#tag" and "@handle" also become exact
// terms "#话题" and "@handle", which no word can collide with.
//
// A document is indexed as one string of space-separated terms (see IndexText), which a plain
// whitespace tokenizer in the store reads back term by term. Its layout keeps phrase queries
// exact: the stream of words and bigrams comes first, in text order, so a phrase of consecutive
// query terms matches only consecutive text; unigrams and exact terms follow, and are only ever
// queried alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/text/entities.h"

namespace cw::search {

struct Analysis {
  // Words and CJK bigrams in text order; a CJK run of one character stands as itself. Terms next
  // to each other here were next to each other in the text.
  std::vector<std::string> stream;
  // Every CJK character, in text order.
  std::vector<std::string> unigrams;
  // "#topic" and "@handle" terms, in text order, without repeats.
  std::vector<std::string> exact;
  // The normalised names of the topics in the text (without '#'), without repeats.
  std::vector<std::string> topics;
};

// NFKC + case folding. Invalid UTF-8 sequences become U+FFFD.
std::string Normalize(std::string_view text);

// Terms of `text`; `entities` as ExtractEntities gives them for `text` (posts store theirs).
// Links are not indexed.
Analysis Analyze(std::string_view text, const std::vector<text::Entity>& entities);
Analysis Analyze(std::string_view text);

// The exact term of a topic name ("#" + its normalised letters and digits) or of a handle
// ("@" + lower case); empty when nothing is left.
std::string TopicTerm(std::string_view name);
std::string MentionTerm(std::string_view handle);

// The indexed form of a document: stream, unigrams, then exact terms, separated by one space.
std::string IndexText(const Analysis& a);

// True if `term` is a single CJK character (a unigram, or a CJK run of one).
bool IsCjkUnigram(std::string_view term);

}  // namespace cw::search
