#include "service/wallet/base64url.hpp"

#include <openssl/evp.h>

namespace idv::demo::wallet {
namespace {

std::string encode_standard(ByteSpan bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  if (bytes.empty()) return out;
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

bool is_alnum(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// `padded` is standard base64 text with '=' padding and a length multiple of 4, already checked
// for its alphabet.
std::optional<Bytes> decode_padded(std::string_view padded) {
  if (padded.size() % 4 != 0 || padded.size() > (1u << 24)) return std::nullopt;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < padded.size(); ++i) {
    const char c = padded[i];
    if (c == '=') {
      if (i + 2 < padded.size()) return std::nullopt;  // '=' only in the last two places
      ++pad;
    } else if (pad > 0 || !(is_alnum(c) || c == '+' || c == '/')) {
      return std::nullopt;
    }
  }
  Bytes out(padded.size() / 4 * 3);
  if (padded.empty()) return out;
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(padded.data()),
                                static_cast<int>(padded.size()));
  if (n < 0 || static_cast<std::size_t>(n) < pad) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - pad);
  if (encode_standard(out) != padded) return std::nullopt;  // non-zero unused bits
  return out;
}

}  // namespace

std::string base64url_encode(ByteSpan bytes) {
  std::string out = encode_standard(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::optional<Bytes> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string padded;
  padded.reserve(text.size() + 3);
  for (const char c : text) {
    if (c == '-') {
      padded.push_back('+');
    } else if (c == '_') {
      padded.push_back('/');
    } else if (is_alnum(c)) {
      padded.push_back(c);
    } else {
      return std::nullopt;  // '+', '/', '=' and whitespace are not base64url without padding
    }
  }
  while (padded.size() % 4 != 0) padded.push_back('=');
  return decode_padded(padded);
}

std::optional<Bytes> base64_decode(std::string_view text) {
  return decode_padded(text);
}

}  // namespace idv::demo::wallet
