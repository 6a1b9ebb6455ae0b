#include "common/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

#include "common/clock.hpp"

namespace idv::demo {

void log_line(std::string_view component, std::string_view message) {
  static std::mutex mu;
  const std::string line =
      rfc3339_ms(now_ms()) + " [" + std::string(component) + "] " + std::string(message) + "\n";
  const std::lock_guard lock(mu);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

std::string short_ref(std::string_view capability) {
  if (capability.size() <= 8) return std::string(capability);
  return std::string(capability.substr(0, 8)) + "\u2026";
}

std::string redact_capabilities(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    const bool capability =
        segment.size() >= 16 &&
        segment.find_first_not_of("0123456789abcdefABCDEF-") == std::string_view::npos;
    out += capability ? short_ref(segment) : std::string(segment);
    if (slash == std::string_view::npos) break;
    out += '/';
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace idv::demo
