#pragma once
// Time in the core is always a parameter: milliseconds since the Unix epoch, as JS's
// Date.now() gives it. Nothing in widget/ reads a clock.
#include <cstdint>

namespace idv {

using Millis = std::int64_t;

inline constexpr Millis kSecond = 1000;
inline constexpr Millis kMinute = 60 * kSecond;

}  // namespace idv
