#include "service/handoff_codes.hpp"

#include <openssl/rand.h>

#include <array>

namespace idv::demo {
namespace {

// A typed code is short: anything longer is refused before it is looked at.
constexpr std::size_t kMaxTypedBytes = 64;

// UTF-8 sequences a phone keyboard or a copied text may put between the characters: no-break
// spaces (U+00A0, U+202F), dashes U+2010..U+2015 and the minus sign U+2212.
std::size_t separator_length(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] == ' ' || s[0] == '-' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') return 1;
  if (s.starts_with("\xC2\xA0")) return 2;
  if (s.size() >= 3 && s[0] == '\xE2') {
    const auto b1 = static_cast<unsigned char>(s[1]);
    const auto b2 = static_cast<unsigned char>(s[2]);
    if (b1 == 0x80 && b2 >= 0x90 && b2 <= 0x95) return 3;  // U+2010..U+2015
    if (b1 == 0x80 && b2 == 0xAF) return 3;                // U+202F
    if (b1 == 0x88 && b2 == 0x92) return 3;                // U+2212
  }
  return 0;
}

// The canonical character for one typed character, or 0 when it is not a Crockford digit.
char canonical(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'I' || c == 'L') return '1';
  if (c == 'O') return '0';
  return kCrockfordAlphabet.find(c) == std::string_view::npos ? '\0' : c;
}

}  // namespace

std::string short_code_from_bits(std::uint64_t bits) {
  std::string out(kShortCodeLength, '0');
  for (std::size_t i = kShortCodeLength; i-- > 0;) {
    out[i] = kCrockfordAlphabet[bits & 31u];
    bits >>= 5;
  }
  return out;
}

std::optional<std::string> random_short_code() {
  std::array<unsigned char, 5> b{};  // 40 bits: exactly 8 characters of 5 bits, no bias
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) return std::nullopt;
  std::uint64_t bits = 0;
  for (const auto byte : b) bits = (bits << 8) | byte;
  return short_code_from_bits(bits);
}

std::optional<std::string> random_match_code() {
  // Rejection sampling: a byte below 200 taken modulo 100 is uniform; 200..255 would favour
  // 00..55, so those bytes are drawn again.
  for (;;) {
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1) return std::nullopt;
    if (byte >= 200) continue;
    const int n = byte % 100;
    return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
  }
}

std::optional<HandoffCodes> random_handoff_codes() {
  auto short_code = random_short_code();
  auto match_code = random_match_code();
  if (!short_code || !match_code) return std::nullopt;
  return HandoffCodes{std::move(*short_code), std::move(*match_code)};
}

std::optional<std::string> normalize_short_code(std::string_view typed) {
  if (typed.size() > kMaxTypedBytes) return std::nullopt;
  std::string out;
  while (!typed.empty()) {
    if (const std::size_t skip = separator_length(typed)) {
      typed.remove_prefix(skip);
      continue;
    }
    const char c = canonical(typed.front());
    if (c == '\0' || out.size() == kShortCodeLength) return std::nullopt;
    out.push_back(c);
    typed.remove_prefix(1);
  }
  if (out.size() != kShortCodeLength) return std::nullopt;
  return out;
}

}  // namespace idv::demo
