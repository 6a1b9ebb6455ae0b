#include "service/wallet/rfc3339.hpp"

namespace idv::demo::wallet {
namespace {

// `n` digits at `at` as a number; -1 when not digits.
int digits(std::string_view t, std::size_t at, std::size_t n) {
  if (t.size() < at + n) return -1;
  int v = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    if (t[k] < '0' || t[k] > '9') return -1;
    v = v * 10 + (t[k] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view t) {
  using namespace std::chrono;
  if (t.size() < 20 || t.size() > 40 || t[4] != '-' || t[7] != '-' ||
      (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  const int y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2);
  const int h = digits(t, 11, 2), mi = digits(t, 14, 2), s = digits(t, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  const year_month_day day{year{y}, month{static_cast<unsigned>(mo)},
                           std::chrono::day{static_cast<unsigned>(d)}};
  if (!day.ok()) return std::nullopt;
  std::size_t at = 19;
  if (at < t.size() && t[at] == '.') {
    ++at;
    const std::size_t start = at;
    while (at < t.size() && t[at] >= '0' && t[at] <= '9') ++at;
    if (at == start) return std::nullopt;
  }
  seconds offset{0};
  if (at + 1 == t.size() && (t[at] == 'Z' || t[at] == 'z')) {
    // UTC
  } else if (at + 6 == t.size() && (t[at] == '+' || t[at] == '-') && t[at + 3] == ':') {
    const int oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
    offset = hours{oh} + minutes{om};
    if (t[at] == '+') offset = -offset;  // local = UTC + offset, so UTC = local - offset
  } else {
    return std::nullopt;
  }
  return sys_days{day} + hours{h} + minutes{mi} + seconds{s} + offset;
}

}  // namespace idv::demo::wallet
