#pragma once
// Token bucket per client address: `rate` requests per second sustained, `burst` at once.
// Answers with the seconds to wait (for Retry-After) when a request must be refused.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace idv::demo {

class RateLimiter {
 public:
  RateLimiter(double rate_per_s, double burst) : rate_(rate_per_s), burst_(burst) {}
  // 0 = allowed; otherwise the whole seconds to wait (>= 1).
  std::int64_t acquire(const std::string& client, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    std::int64_t at_ms;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace idv::demo
