#pragma once
// base64url without padding (RFC 4648 §5; JWS, SD-JWT, the mdoc presentation) and standard
// base64 with padding (the JWS `x5c` header). Decoding is strict and canonical: one spelling per
// byte string, so a signed text cannot be re-spelled into a different but equivalent one.
#include <optional>
#include <string>
#include <string_view>

#include "service/wallet/openssl_util.hpp"

namespace idv::demo::wallet {

std::string base64url_encode(ByteSpan bytes);
inline std::string base64url_encode(std::string_view text) {
  return base64url_encode(as_bytes(text));
}
std::optional<Bytes> base64url_decode(std::string_view text);
std::optional<Bytes> base64_decode(std::string_view text);

}  // namespace idv::demo::wallet
