#include "completion/base64.hpp"

#include <openssl/evp.h>

namespace idv::completion {

std::string base64Encode(std::span<const std::uint8_t> bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  if (bytes.empty()) return out;
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
  // EVP_DecodeBlock tolerates whitespace and ignores padding when counting, so check the
  // shape ourselves first and then trim the padding bytes it reports as zeros.
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c == '=') {
      if (i + 2 < text.size()) return std::nullopt;  // '=' only in the last two places
      ++pad;
    } else if (pad > 0 || !(alnum || c == '+' || c == '/')) {
      return std::nullopt;
    }
  }
  std::vector<std::uint8_t> out(text.size() / 4 * 3);
  if (text.empty()) return out;
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0 || static_cast<std::size_t>(n) < pad) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - pad);
  // Canonical form only: the unused low bits before '=' must be zero. Otherwise "...OE=" and
  // "...OF=" decode to the same bytes, and a signature header would have several spellings
  // (the reference libraries compare the base64 text, so they reject the variants too).
  if (base64Encode(out) != text) return std::nullopt;
  return out;
}

}  // namespace idv::completion
