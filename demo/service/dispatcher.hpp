#pragma once
// Delivers outbox messages: Standard Webhooks headers with a fresh timestamp and signature per
// attempt, the same webhook-id every time, a hard timeout, retries on the RetryPolicy,
// 410 disables the endpoint. Runs on its own threads; stop() joins them.
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "completion/standard_webhooks.hpp"
#include "service/context.hpp"

namespace idv::demo {

class Dispatcher {
 public:
  Dispatcher(ServiceContext& ctx, idv::completion::WebhookSecret secret)
      : ctx_(ctx), secret_(std::move(secret)) {}
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;
  ~Dispatcher() { stop(); }

  void start(int threads);
  void wake();
  void stop();

 private:
  void run();
  void deliver(const OutboxMessage& m);
  double jitter_draw();

  ServiceContext& ctx_;
  idv::completion::WebhookSecret secret_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::mt19937_64 rng_{std::random_device{}()};  // jitter only; not security relevant
  std::vector<std::thread> threads_;
};

}  // namespace idv::demo
