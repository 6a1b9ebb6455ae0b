#pragma once
// The two codes of the hand-off to the phone (issue 11, item 6), made per session at invite
// time and gone once the session is no longer open:
//
// * short code: 8 Crockford base32 characters (40 random bits), for a customer whose camera
//   cannot scan the QR: typed at {public base}/code, it leads to the session's portal. Unique
//   among open sessions (session_store.hpp), so a typed code names at most one of them.
// * match code: 2 decimal digits, shown by the widget and on the portal's first page, so a
//   customer notices a QR relayed by another (phishing) page: the digits would not match.
//
// Both come from OpenSSL's CSPRNG. Guessing short codes is bounded by code_attempts.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idv::demo {

// Crockford's base32 digits: no I, L, O (read as 1, 1, 0) and no U.
inline constexpr std::string_view kCrockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kShortCodeLength = 8;

struct HandoffCodes {
  std::string short_code;  // "K7QM3XPA"
  std::string match_code;  // "47"
};

// The short code spelling the low 40 bits of `bits`, most significant character first.
std::string short_code_from_bits(std::uint64_t bits);
// Fresh codes from RAND_bytes; nullopt when the CSPRNG fails.
std::optional<std::string> random_short_code();
std::optional<std::string> random_match_code();  // uniform over "00".."99"
std::optional<HandoffCodes> random_handoff_codes();

// What a customer typed, in the canonical form, or nullopt when it cannot be a short code:
// surrounding and inner spaces and hyphens (also the typographic dashes and no-break spaces
// phones put in) are dropped, letters upper-cased, I and L read as 1 and O as 0. Anything
// else outside the alphabet (U included) or a length other than 8 is refused.
std::optional<std::string> normalize_short_code(std::string_view typed);

}  // namespace idv::demo
