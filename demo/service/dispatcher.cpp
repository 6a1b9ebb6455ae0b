#include "service/dispatcher.hpp"

#include <httplib.h>

#include <cstdio>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "common/url_check.hpp"

namespace idv::demo {
namespace {

std::string seconds_text(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

}  // namespace

void Dispatcher::start(int threads) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

void Dispatcher::wake() {
  cv_.notify_all();
}

void Dispatcher::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

double Dispatcher::jitter_draw() {
  const std::lock_guard lock(mutex_);
  return std::uniform_real_distribution<double>(-1.0, 1.0)(rng_);
}

void Dispatcher::run() {
  while (true) {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    const std::int64_t now = now_ms();
    // The lease covers the whole attempt plus one base delay: if we die mid-delivery, the
    // message becomes due again shortly after the attempt would have timed out.
    const auto msg = ctx_.outbox.claim_due(
        now, now + ctx_.config.webhook_timeout_ms + ctx_.config.retry.base_ms);
    if (msg) {
      deliver(*msg);
      continue;
    }
    const auto next = ctx_.outbox.next_due();
    std::int64_t sleep_ms = ctx_.config.tick_ms * 5;
    if (next) sleep_ms = std::clamp<std::int64_t>(*next - now_ms(), 1, sleep_ms);
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, std::chrono::milliseconds(sleep_ms), [this] { return stopping_; });
  }
}

void Dispatcher::deliver(const OutboxMessage& m) {
  const std::string attempt = "attempt " + std::to_string(m.attempts);
  const auto url = parse_http_url(m.url);
  if (!url) {  // validated at invite time; only a corrupted row gets here
    ctx_.outbox.mark_failed(m.webhook_id, "invalid webhook URL");
    return;
  }
  if (ctx_.outbox.endpoint_disabled(m.url)) {
    ctx_.outbox.disable_endpoint(m.webhook_id, m.url, now_ms());
    ctx_.events.add(m.ref, now_ms(), "webhook.disabled",
                    "endpoint disabled earlier (HTTP 410): not sent");
    return;
  }

  const std::int64_t ts = now_ms() / 1000;  // fresh per attempt, so receivers' tolerance holds
  httplib::Client client(url->origin());
  const auto timeout = std::chrono::milliseconds(ctx_.config.webhook_timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  client.set_follow_location(false);  // a redirect is not a delivery
  const httplib::Headers headers = {{"webhook-id", m.webhook_id},
                                    {"webhook-timestamp", std::to_string(ts)},
                                    {"webhook-signature", secret_.sign(m.webhook_id, ts, m.body)},
                                    {"User-Agent", "idv-demo-service/0.1"}};
  const std::int64_t started = now_ms();
  const auto res = client.Post(url->path, headers, m.body, "application/json");
  const std::int64_t done = now_ms();

  std::string outcome;
  int status = 0;
  if (res) {
    status = res->status;
    outcome = "HTTP " + std::to_string(status);
  } else {
    outcome = res.error() == httplib::Error::Read
                  ? "timeout or connection closed"
                  : "network error (" + httplib::to_string(res.error()) + ")";
  }
  outcome += " after " + seconds_text(done - started);

  if (status >= 200 && status < 300) {
    ctx_.outbox.mark_delivered(m.webhook_id, outcome);
    ctx_.events.add(m.ref, done, "webhook.delivered", attempt + ": " + outcome + " — delivered");
    log_line("webhook", m.webhook_id + " " + attempt + " delivered (" + outcome + ")");
    return;
  }
  if (status == 410) {
    ctx_.outbox.disable_endpoint(m.webhook_id, m.url, done);
    ctx_.events.add(m.ref, done, "webhook.disabled",
                    attempt + ": " + outcome + " — endpoint disabled");
    log_line("webhook", m.webhook_id + " " + attempt + ": 410, endpoint disabled");
    return;
  }
  const auto delay = retry_delay_ms(ctx_.config.retry, m.attempts, jitter_draw());
  if (!delay) {
    ctx_.outbox.mark_failed(m.webhook_id, outcome);
    ctx_.events.add(m.ref, done, "webhook.failed", attempt + ": " + outcome + " — giving up");
    log_line("webhook", m.webhook_id + " " + attempt + " failed (" + outcome + "), giving up");
    return;
  }
  ctx_.outbox.schedule_retry(m.webhook_id, done + *delay, outcome);
  ctx_.events.add(m.ref, done, "webhook.attempt",
                  attempt + ": " + outcome + " — retry in " + seconds_text(*delay));
  log_line("webhook", m.webhook_id + " " + attempt + " failed (" + outcome + "), retry in " +
                          seconds_text(*delay));
}

}  // namespace idv::demo
