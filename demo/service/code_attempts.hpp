#pragma once
// Slows down guessing of short codes at POST /code (handoff_codes.hpp). Two limits on *failed*
// attempts (a well-formed code that names no open session):
//
// * per client address: after `per_client` failures within `window_ms` (a window that begins
//   with the address's first failure) the address is refused until that window is over;
// * across all clients: after `global_per_minute` failures within one minute every attempt is
//   refused until the minute is over, so guessing from many addresses is slowed down too.
//
// While refused, no code is checked at all, not even a right one: an answer that told right
// from wrong would still be an oracle. A right code does not clear the count either, or a
// guesser could reset it with a code of their own. Time is a parameter: tested without waiting.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace idv::demo {

struct CodeAttemptLimits {
  int per_client = 10;
  std::int64_t window_ms = 15 * 60 * 1000;
  int global_per_minute = 600;
};

class CodeAttemptLimiter {
 public:
  explicit CodeAttemptLimiter(CodeAttemptLimits limits) : limits_(limits) {}
  // 0: `client` may try a code now; otherwise the whole seconds until it may (Retry-After).
  std::int64_t wait_s(const std::string& client, std::int64_t now_ms);
  void failed(const std::string& client, std::int64_t now_ms);

 private:
  struct Window {
    int failures = 0;
    std::int64_t since_ms = 0;
  };
  static std::int64_t seconds_until(std::int64_t end_ms, std::int64_t now_ms) {
    return (end_ms - now_ms + 999) / 1000;
  }
  void forget_finished_windows(std::int64_t now_ms);

  CodeAttemptLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> clients_;
  Window global_;
};

}  // namespace idv::demo
