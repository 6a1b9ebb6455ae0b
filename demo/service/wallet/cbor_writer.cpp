#include "service/wallet/cbor_writer.hpp"

namespace idv::demo::wallet::cbor_out {
namespace {

Bytes head(int major, std::uint64_t n) {
  const auto m = static_cast<std::uint8_t>(major << 5);
  if (n < 24) return {static_cast<std::uint8_t>(m | n)};
  const int size = n <= 0xFF ? 1 : n <= 0xFFFF ? 2 : n <= 0xFFFFFFFFu ? 4 : 8;
  const int info = size == 1 ? 24 : size == 2 ? 25 : size == 4 ? 26 : 27;
  Bytes out{static_cast<std::uint8_t>(m | info)};
  for (int k = size - 1; k >= 0; --k) out.push_back(static_cast<std::uint8_t>(n >> (8 * k)));
  return out;
}

void append(Bytes& out, ByteSpan more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace

Bytes integer(std::int64_t v) {
  return v >= 0 ? head(0, static_cast<std::uint64_t>(v))
                : head(1, static_cast<std::uint64_t>(-1 - v));
}

Bytes text(std::string_view s) {
  Bytes out = head(3, s.size());
  append(out, as_bytes(s));
  return out;
}

Bytes bytes(ByteSpan b) {
  Bytes out = head(2, b.size());
  append(out, b);
  return out;
}

Bytes boolean(bool b) {
  return {static_cast<std::uint8_t>(b ? 0xF5 : 0xF4)};
}

Bytes null() {
  return {0xF6};
}

Bytes array(const std::vector<Bytes>& items) {
  Bytes out = head(4, items.size());
  for (const auto& item : items) append(out, item);
  return out;
}

Bytes map(const std::vector<std::pair<Bytes, Bytes>>& entries) {
  Bytes out = head(5, entries.size());
  for (const auto& [key, value] : entries) {
    append(out, key);
    append(out, value);
  }
  return out;
}

Bytes embed(const Bytes& item) {
  Bytes out = head(6, 24);
  append(out, bytes(item));
  return out;
}

}  // namespace idv::demo::wallet::cbor_out
