#pragma once
// Wall-clock access lives here and only here; everything else takes "now" as a parameter.
#include <cstdint>
#include <string>

namespace idv::demo {

std::int64_t now_ms();                         // milliseconds since the Unix epoch
std::string rfc3339(std::int64_t unix_ms);     // "2026-11-22T09:31:07Z" (UTC, whole seconds)
std::string rfc3339_ms(std::int64_t unix_ms);  // "2026-11-22T09:31:07.123Z", for timelines

}  // namespace idv::demo
