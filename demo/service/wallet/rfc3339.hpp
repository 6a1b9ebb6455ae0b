#pragma once
// RFC 3339 date-time (CBOR tdate, tag 0) to seconds: "2026-03-01T12:00:00Z", with an optional
// fraction (truncated) and a "Z" or ±hh:mm offset.
#include <chrono>
#include <optional>
#include <string_view>

namespace idv::demo::wallet {

std::optional<std::chrono::sys_seconds> parse_rfc3339(std::string_view text);

}  // namespace idv::demo::wallet
