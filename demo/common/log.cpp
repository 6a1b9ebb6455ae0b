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

}  // namespace idv::demo
