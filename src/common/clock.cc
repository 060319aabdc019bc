#include "common/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace cw {

TimeMs SystemClock::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatIsoTime(TimeMs ms) {
  std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int frac = static_cast<int>(ms - static_cast<TimeMs>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  return buf;
}

namespace {
// The number in text[pos, pos + n) when all n characters are digits; -1 otherwise.
int Digits(const std::string& text, size_t pos, size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}
}  // namespace

bool ParseIsoTime(const std::string& text, TimeMs* out) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), every field at a fixed position.
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':') {
    return false;
  }
  int y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  int h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 ||
      s > 60 || d > DaysInMonth(y, mo)) {
    return false;
  }
  size_t p = 19;
  int millis = 0;
  if (text[p] == '.') {
    size_t digits = 0;
    for (++p; p < text.size() && text[p] >= '0' && text[p] <= '9'; ++p, ++digits) {
      if (digits < 3) millis = millis * 10 + (text[p] - '0');
    }
    if (digits == 0) return false;
    for (size_t i = digits; i < 3; ++i) millis *= 10;
  }
  int offset_min = 0;
  if (p < text.size() && text[p] == 'Z') {
    ++p;
  } else if (p < text.size() && (text[p] == '+' || text[p] == '-')) {
    int oh = Digits(text, p + 1, 2), om = Digits(text, p + 4, 2);
    if (oh < 0 || om < 0 || text[p + 3] != ':' || oh > 23 || om > 59) return false;
    offset_min = (oh * 60 + om) * (text[p] == '+' ? 1 : -1);
    p += 6;
  } else {
    return false;
  }
  if (p != text.size()) return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  std::time_t secs = timegm(&tm);
  *out = (static_cast<TimeMs>(secs) - offset_min * 60) * 1000 + millis;
  return true;
}

}  // namespace cw
