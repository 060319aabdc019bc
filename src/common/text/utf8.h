// UTF-8 checks and code-point counting. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cw::text {

// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points; `s` must be valid UTF-8.
size_t CountCodePoints(std::string_view s);

// Decodes valid UTF-8 into code points.
std::vector<char32_t> Decode(std::string_view s);
// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(char32_t cp, std::string* out);
std::string Encode(const std::vector<char32_t>& cps, size_t begin, size_t end);

// The first `max_code_points` code points of valid UTF-8 `s`.
std::string TruncateCodePoints(std::string_view s, size_t max_code_points);

// True for control characters other than tab, newline and carriage return.
bool HasForbiddenControls(std::string_view s);

// Strips leading and trailing ASCII whitespace.
std::string_view TrimAscii(std::string_view s);

}  // namespace cw::text
