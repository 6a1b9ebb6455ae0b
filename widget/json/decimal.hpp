#pragma once
// Integers in decimal, for JSON, URLs and view parameters. std::to_string's table-driven
// version (with its 200-byte digit table) costs the module ~0.5 KB more than this loop, and
// nothing here formats numbers in a hot path.
#include <cstdint>
#include <string>

namespace idv::json {

inline void appendDecimal(std::string& out, std::int64_t n) {
  char buf[24];
  char* const end = buf + sizeof buf;
  char* p = end;
  std::uint64_t u = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (n < 0) *--p = '-';
  out.append(p, end);
}

inline std::string decimal(std::int64_t n) {
  std::string out;
  appendDecimal(out, n);
  return out;
}

}  // namespace idv::json
