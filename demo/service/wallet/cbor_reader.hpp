#pragma once
// A small, strict CBOR (RFC 8949) reader for the mdoc verifier. It keeps, for every item, the
// exact bytes it was decoded from: mdoc digests and signatures are over received bytes, which a
// decode/re-encode round trip (nlohmann's from_cbor/to_cbor) would not reproduce, and nlohmann
// drops tags on everything but byte strings (tag 0, tag 1004 on text).
//
// Definite lengths only (ISO 18013-5 data is definite), no duplicate map keys, UTF-8 checked text,
// bounded depth (24) and size (4,096 items); the whole input must be exactly one item.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

enum class CborType { unsigned_int, negative_int, bytes, text, array, map, tag, simple, floating };

struct CborItem {
  CborType type = CborType::simple;
  // unsigned_int: the value; negative_int: n of (-1 - n); tag: the tag number; simple: its value
  // (20 false, 21 true, 22 null, 23 undefined).
  std::uint64_t value = 0;
  ByteSpan encoded;             // the item's own bytes as received, head (and tag) included
  ByteSpan content;             // bytes / text: the payload
  std::vector<CborItem> items;  // array: elements; map: key, value, key, value…; tag: the content

  bool is_text(std::string_view s) const;
  std::string_view text() const;  // "" unless type is text
  std::optional<std::int64_t> integer() const;
  bool is_null() const { return type == CborType::simple && value == 22; }
  bool is_bool() const { return type == CborType::simple && (value == 20 || value == 21); }
  bool is_tag(std::uint64_t number) const { return type == CborType::tag && value == number; }
  // Map lookups; null when absent or when this is not a map.
  const CborItem* find(std::string_view text_key) const;
  const CborItem* find(std::int64_t int_key) const;
  std::size_t map_size() const { return type == CborType::map ? items.size() / 2 : 0; }
};

std::optional<CborItem> cbor_decode(ByteSpan data);

}  // namespace idv::demo::wallet
