#pragma once
// Delivers outbox messages: Standard Webhooks headers with a fresh timestamp and signature per
// attempt, the same webhook-id every time, a total deadline per attempt, retries on the
// RetryPolicy, 410 disables the endpoint, 3xx is a failed attempt (never followed).
//
// Concurrency: up to config.webhook_concurrency attempts actively in flight (64), at most
// config.webhook_endpoint_concurrency (4) per endpoint (URL origin), so a slow or dead
// receiver holds at most 4 slots and never delays another endpoint's webhooks. An attempt
// still waiting after 250 ms is "parked" (it keeps its socket, not its active slot; at most
// 8 x 64 attempts in all), so even many slow receivers cannot starve the healthy ones. See
// dispatcher.cpp for why this is one libcurl multi loop and not a thread pool.
//
// SSRF: unless config.allow_private_webhooks, every destination passes DestinationPolicy on
// its resolved addresses and the connection is pinned to them (destination_policy.hpp).
#include <cstddef>
#include <memory>

#include "completion/standard_webhooks.hpp"
#include "service/context.hpp"

namespace idv::demo {

class Dispatcher {
 public:
  Dispatcher(ServiceContext& ctx, idv::completion::WebhookSecret secret);
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;
  ~Dispatcher();  // stop()

  // Starts the delivery loop (one thread) and its DNS resolver threads. The argument is the
  // old --dispatcher-threads and is ignored: concurrency is config.webhook_concurrency.
  void start(int legacy_threads = 1);
  // New messages are due: look now instead of at the next tick. Any thread.
  void wake();
  // Ends in-flight attempts at once and gives their attempt back (due again at once after a
  // restart; receivers dedupe on webhook-id), then joins. Idempotent.
  void stop();

  std::size_t in_flight() const;  // attempts running (resolving or transferring)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace idv::demo
