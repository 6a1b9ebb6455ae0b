#pragma once
// Slows down password guessing on the back office: after `max_failures` wrong passwords from
// one client address within `window_ms`, that address is refused (429) until the window
// that began with its first failure has passed. A right password clears the address's count.
// Time is a parameter, so the rule is tested without waiting.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace idv::demo {

class LoginThrottle {
 public:
  LoginThrottle(int max_failures = 10, std::int64_t window_ms = 10 * 60 * 1000)
      : max_failures_(max_failures), window_ms_(window_ms) {}
  // 0: the address may try; otherwise the whole seconds until it may (for Retry-After).
  std::int64_t wait_s(const std::string& address, std::int64_t now_ms);
  void failed(const std::string& address, std::int64_t now_ms);
  void succeeded(const std::string& address);

 private:
  struct Record {
    int failures = 0;
    std::int64_t since_ms = 0;
  };
  int max_failures_;
  std::int64_t window_ms_;
  std::mutex mutex_;
  std::map<std::string, Record> records_;
};

}  // namespace idv::demo
