#pragma once
// Standard base64 (RFC 4648 §4, with padding), as used by Standard Webhooks for keys and
// signatures. Decoding is strict: a malformed secret must be rejected, not half-accepted.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace idv::completion {

std::string base64Encode(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

}  // namespace idv::completion
