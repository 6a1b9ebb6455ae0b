#pragma once
// Parsers for the two time formats the tracking endpoint speaks:
//   RFC 3339 ("2026-11-22T10:00:00Z", "…T10:00:00.250+01:00") in JSON bodies, and
//   the HTTP-date of Retry-After ("Sun, 22 Nov 2026 10:00:00 GMT").
// Both return std::nullopt for anything malformed instead of guessing.
#include <optional>
#include <string_view>

#include "time/millis.hpp"

namespace idv {

std::optional<Millis> parseRfc3339(std::string_view text);
std::optional<Millis> parseHttpDate(std::string_view text);

// Retry-After is either delta-seconds or an HTTP-date; returns the delay from `now` (>= 0).
std::optional<Millis> parseRetryAfter(std::string_view header, Millis now);

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr long long daysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace idv
