#pragma once
// The background clock of the service: expires stale sessions and, after data entry, runs
// the (simulated) Phase 2 assessment and queues RISK_ASSESSMENT_UPDATED webhooks in the outbox.
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/context.hpp"

namespace idv::demo {

class Phase2Worker {
 public:
  explicit Phase2Worker(ServiceContext& ctx) : ctx_(ctx) {}
  Phase2Worker(const Phase2Worker&) = delete;
  Phase2Worker& operator=(const Phase2Worker&) = delete;
  ~Phase2Worker() { stop(); }

  void start();
  void stop();
  // One pass; public so tests and start-up can run it directly.
  void tick(std::int64_t now_ms);

 private:
  void expire(std::int64_t now_ms);
  void assess_session(const Session& s, std::int64_t now_ms);

  ServiceContext& ctx_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace idv::demo
