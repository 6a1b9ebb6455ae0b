#pragma once
// A minimal CBOR (RFC 8949) writer for the few structures the verifier *sends* with integer
// map keys (COSE_Key) or tag 24 — which nlohmann's to_cbor cannot express. Definite lengths,
// shortest heads; every function returns one encoded item.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet::cbor_out {

Bytes integer(std::int64_t v);
Bytes text(std::string_view s);
Bytes bytes(ByteSpan b);
Bytes boolean(bool b);
Bytes null();
Bytes array(const std::vector<Bytes>& items);
Bytes map(const std::vector<std::pair<Bytes, Bytes>>& entries);
// tag 24 bstr(item): how ISO 18013-5 embeds an encoded item.
Bytes embed(const Bytes& item);

}  // namespace idv::demo::wallet::cbor_out
