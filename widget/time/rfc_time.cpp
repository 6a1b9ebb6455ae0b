#include "time/rfc_time.hpp"

#include <array>

namespace idv {
namespace {

// A tiny cursor over the input: every reader fails (returns false) rather than throwing.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}

  bool digits(int count, int& out) {
    out = 0;
    for (int i = 0; i < count; ++i) {
      if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '9') return false;
      out = out * 10 + (s_[pos_++] - '0');
    }
    return true;
  }
  bool literal(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool literalAnyCase(char c) {
    if (pos_ < s_.size() && (s_[pos_] | 0x20) == (c | 0x20)) return ++pos_, true;
    return false;
  }
  bool word(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }
  std::optional<char> peek() const {
    return pos_ < s_.size() ? std::optional<char>(s_[pos_]) : std::nullopt;
  }
  void skip() { ++pos_; }
  bool atEnd() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

bool validDate(int y, int mo, int d) {
  static constexpr std::array<int, 12> kDays{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  if (d > kDays[static_cast<std::size_t>(mo - 1)]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(mo == 2 && d == 29 && !leap);
}

Millis toMillis(int y, int mo, int d, int h, int mi, int s) {
  const long long days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * kMinute + s * kSecond;
}

}  // namespace

std::optional<Millis> parseRfc3339(std::string_view text) {
  Cursor c(text);
  int y, mo, d, h, mi, s;
  if (!c.digits(4, y) || !c.literal('-') || !c.digits(2, mo) || !c.literal('-') ||
      !c.digits(2, d) || !c.literalAnyCase('T') || !c.digits(2, h) || !c.literal(':') ||
      !c.digits(2, mi) || !c.literal(':') || !c.digits(2, s))
    return std::nullopt;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return std::nullopt;
  if (s == 60) s = 59;  // a leap second is not worth a wrong answer elsewhere

  Millis fraction = 0;
  if (c.literal('.')) {
    int digitsSeen = 0;
    Millis scale = 100;
    while (c.peek() && *c.peek() >= '0' && *c.peek() <= '9') {
      fraction += (*c.peek() - '0') * scale;
      scale /= 10;
      c.skip();
      ++digitsSeen;
    }
    if (digitsSeen == 0 || digitsSeen > 9) return std::nullopt;
  }

  Millis offset = 0;
  if (!c.literalAnyCase('Z')) {
    const auto sign = c.peek();
    if (!sign || (*sign != '+' && *sign != '-')) return std::nullopt;
    c.skip();
    int oh, om;
    if (!c.digits(2, oh) || !c.literal(':') || !c.digits(2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 60 + om) * kMinute * (*sign == '+' ? 1 : -1);
  }
  if (!c.atEnd()) return std::nullopt;
  return toMillis(y, mo, d, h, mi, s) + fraction - offset;
}

std::optional<Millis> parseHttpDate(std::string_view text) {
  // IMF-fixdate only ("Sun, 06 Nov 1994 08:49:37 GMT"): RFC 9110 says senders must use it.
  static constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu",
                                                         "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Cursor c(text);
  bool dayOk = false;
  for (auto day : kDays) dayOk = dayOk || c.word(day);
  int d, y, h, mi, s, mo = 0;
  if (!dayOk || !c.word(", ") || !c.digits(2, d) || !c.literal(' ')) return std::nullopt;
  for (std::size_t i = 0; i < kMonths.size() && mo == 0; ++i)
    if (c.word(kMonths[i])) mo = static_cast<int>(i) + 1;
  if (mo == 0 || !c.literal(' ') || !c.digits(4, y) || !c.literal(' ') || !c.digits(2, h) ||
      !c.literal(':') || !c.digits(2, mi) || !c.literal(':') || !c.digits(2, s) ||
      !c.word(" GMT") || !c.atEnd())
    return std::nullopt;
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return std::nullopt;
  return toMillis(y, mo, d, h, mi, s > 59 ? 59 : s);
}

std::optional<Millis> parseRetryAfter(std::string_view header, Millis now) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);
  if (header.empty()) return std::nullopt;

  if (header.front() >= '0' && header.front() <= '9') {
    Millis seconds = 0;
    for (char ch : header) {
      if (ch < '0' || ch > '9') return std::nullopt;
      seconds = seconds * 10 + (ch - '0');
      if (seconds > 365LL * 24 * 3600) return std::nullopt;  // absurd: refuse, don't overflow
    }
    return seconds * kSecond;
  }
  const auto at = parseHttpDate(header);
  if (!at) return std::nullopt;
  return *at > now ? *at - now : 0;
}

}  // namespace idv
