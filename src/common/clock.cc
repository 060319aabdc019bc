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

// Calendar arithmetic without gmtime_r, which takes glibc's time-zone lock on every call: pages
// of posts format dozens of times each.
std::string FormatIsoTime(TimeMs ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds{ms}};
  sys_days day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](size_t pos, int width, long v) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[pos + i] = static_cast<char>('0' + v % 10);
  };
  int y = static_cast<int>(ymd.year());
  if (y < 0 || y > 9999) {  // outside ISO 8601's four digits: never a stored time
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d-01-01T00:00:00.000Z", y);
    return buf;
  }
  put(0, 4, y);
  put(5, 2, static_cast<unsigned>(ymd.month()));
  put(8, 2, static_cast<unsigned>(ymd.day()));
  put(11, 2, hms.hours().count());
  put(14, 2, hms.minutes().count());
  put(17, 2, static_cast<long>(hms.seconds().count()));
  put(20, 3, static_cast<long>(hms.subseconds().count()));
  return out;
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
