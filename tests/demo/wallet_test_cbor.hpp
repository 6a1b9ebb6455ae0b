#pragma once
// A tiny CBOR *writer* for the test wallet, independent of the verifier's reader and of
// nlohmann: integer map keys, tags on any item, definite lengths, shortest heads (RFC 8949
// preferred serialisation). Every function returns the item's encoded bytes.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace idv::demo::wallet::testing::cbor {

using Bytes = std::vector<std::uint8_t>;

inline Bytes head(int major, std::uint64_t n) {
  const auto m = static_cast<std::uint8_t>(major << 5);
  if (n < 24) return {static_cast<std::uint8_t>(m | n)};
  Bytes out;
  int size = n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFFu ? 4 : 8;
  out.push_back(static_cast<std::uint8_t>(m | (size == 1   ? 24
                                               : size == 2 ? 25
                                               : size == 4 ? 26
                                                           : 27)));
  for (int k = size - 1; k >= 0; --k) out.push_back(static_cast<std::uint8_t>(n >> (8 * k)));
  return out;
}
inline Bytes integer(std::int64_t v) {
  return v >= 0 ? head(0, static_cast<std::uint64_t>(v))
                : head(1, static_cast<std::uint64_t>(-1 - v));
}
inline Bytes text(std::string_view s) {
  Bytes out = head(3, s.size());
  out.insert(out.end(), s.begin(), s.end());
  return out;
}
inline Bytes bytes(const Bytes& b) {
  Bytes out = head(2, b.size());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}
inline Bytes tag(std::uint64_t number, const Bytes& item) {
  Bytes out = head(6, number);
  out.insert(out.end(), item.begin(), item.end());
  return out;
}
inline Bytes array(const std::vector<Bytes>& items) {
  Bytes out = head(4, items.size());
  for (const auto& i : items) out.insert(out.end(), i.begin(), i.end());
  return out;
}
inline Bytes map(const std::vector<std::pair<Bytes, Bytes>>& entries) {
  Bytes out = head(5, entries.size());
  for (const auto& [k, v] : entries) {
    out.insert(out.end(), k.begin(), k.end());
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}
inline Bytes null() {
  return {0xF6};
}
inline Bytes boolean(bool b) {
  return {static_cast<std::uint8_t>(b ? 0xF5 : 0xF4)};
}
// tag 24 bstr(item): "encoded CBOR data item", how mdoc embeds signed structures.
inline Bytes embed(const Bytes& item) {
  return tag(24, bytes(item));
}

}  // namespace idv::demo::wallet::testing::cbor
