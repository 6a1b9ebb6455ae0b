#include "service/dispatcher.hpp"

// Why one libcurl multi loop and not a pool of threads doing blocking requests:
//  * A slow receiver costs a socket and a timer, not a thread. 64 attempts in flight are 64
//    sockets driven by one thread; a pool would need 64 threads to give the same guarantee,
//    and a smaller pool is exactly what let six trickling receivers delay everyone (issue 9).
//  * libcurl enforces each attempt's TOTAL deadline itself (CURLOPT_TIMEOUT_MS, its own timers
//    in the multi handle), so "each attempt ends at its deadline" needs no watchdog.
//  * Admission is one place, one thread: the loop claims messages only while it has a free
//    slot (global and per endpoint), so nothing claimed ever waits in a queue behind a slow
//    endpoint with its lease running.
//  * Slots: at most --webhook-concurrency (64) ACTIVE attempts (younger than kSlowAfterMs) and
//    --webhook-endpoint-concurrency (4) per endpoint (URL origin). An attempt that is still
//    waiting after kSlowAfterMs is parked: it keeps its socket until its deadline but frees
//    its active slot, so 100 slow receivers delay nobody, while the total stays bounded
//    (kParkedFactor x 64 = 512 sockets).
// DNS is the one blocking step libcurl would otherwise do for us: names are resolved by a few
// resolver threads with getaddrinfo (the addresses are checked and then pinned), and the
// attempt's deadline covers the resolution too.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "common/destination_policy.hpp"
#include "common/http/client.hpp"
#include "common/log.hpp"
#include "common/url_check.hpp"

namespace idv::demo {
namespace {

constexpr int kResolverThreads = 4;
constexpr std::int64_t kLeaseGraceMs = 1000;  // lease = attempt deadline + this
constexpr std::int64_t kIdleLookMs = 1000;    // look at the outbox at least this often
// An attempt still running after this long is waiting on a slow peer: it leaves the active
// budget (--webhook-concurrency) for the parked one, so slow receivers — however many — cannot
// take every slot from the healthy ones. Parked attempts cost a socket and a timer each; all
// attempts together stay under kParkedFactor x the active budget (512 by default).
constexpr std::int64_t kSlowAfterMs = 250;
constexpr std::size_t kParkedFactor = 8;

std::string seconds_text(std::int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  return buf;
}

// getaddrinfo off the delivery thread. Results come back through `done` (any thread).
class Resolver {
 public:
  using Done = std::function<void(const std::string& id, Resolution)>;
  Resolver(const DestinationPolicy& policy, Done done) : policy_(policy), done_(std::move(done)) {}
  ~Resolver() { stop(); }
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  void start(int threads) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
  }
  void submit(std::string id, std::string host, int port) {
    {
      const std::lock_guard lock(mutex_);
      jobs_.push_back({std::move(id), std::move(host), port});
    }
    cv_.notify_one();
  }
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      stopping_ = true;
      jobs_.clear();
    }
    cv_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();  // a lookup in progress finishes first (resolver timeout)
    threads_.clear();
  }

 private:
  struct Job {
    std::string id, host;
    int port;
  };
  void run() {
    while (true) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      done_(job.id, policy_.resolve(job.host, job.port));
    }
  }

  const DestinationPolicy& policy_;
  Done done_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

struct Dispatcher::Impl {
  Impl(ServiceContext& c, idv::completion::WebhookSecret s)
      : ctx(c),
        secret(std::move(s)),
        policy(c.config.allow_private_webhooks),
        resolver(policy, [this](const std::string& id, Resolution r) { on_resolved(id, r); }) {}

  // One attempt of one message, from claim to outcome.
  struct Attempt {
    OutboxMessage msg;
    HttpUrl url;
    std::int64_t claimed_ms = 0;
    std::int64_t deadline_ms = 0;  // claimed_ms + webhook_timeout_ms: the whole attempt
    bool resolving = false;
    http::MultiFetcher::Id transfer = 0;
  };

  // What to write once an attempt is over (a batch per loop turn, one transaction).
  struct Outcome {
    enum Kind { delivered, retry, failed, disabled, release } kind;
    OutboxMessage msg;
    std::int64_t at_ms = 0;
    std::int64_t next_ms = 0;  // retry
    std::string result;        // "HTTP 500 after 0.1 s"
    std::string event_kind, event_detail, log;
    int http_status = 0;  // 0: no answer
  };

  ServiceContext& ctx;
  idv::completion::WebhookSecret secret;
  DestinationPolicy policy;
  http::MultiFetcher fetcher;
  Resolver resolver;
  std::thread loop;
  std::atomic<bool> stopping{false};
  std::atomic<bool> wake_requested{true};
  std::atomic<std::size_t> in_flight_count{0};
  std::mt19937_64 rng{std::random_device{}()};  // jitter only; not security relevant

  // Delivery thread only.
  std::map<std::string, Attempt> attempts;  // by webhook_id
  std::map<http::MultiFetcher::Id, std::string> by_transfer;
  std::map<std::string, std::size_t> per_origin;
  std::vector<Outcome> outcomes;
  std::int64_t next_look_ms = 0;
  bool slot_freed = false;
  bool was_full = false;  // no room at the last look: look again as soon as there is

  // Resolver threads -> delivery thread.
  std::mutex resolved_mutex;
  std::vector<std::pair<std::string, Resolution>> resolved;

  void on_resolved(const std::string& id, Resolution r) {
    {
      const std::lock_guard lock(resolved_mutex);
      resolved.emplace_back(id, std::move(r));
    }
    fetcher.wakeup();
  }

  std::size_t max_in_flight() const {
    return static_cast<std::size_t>(std::max(1, ctx.config.webhook_concurrency));
  }
  std::size_t max_per_origin() const {
    return static_cast<std::size_t>(std::max(1, ctx.config.webhook_endpoint_concurrency));
  }
  std::size_t max_total() const { return kParkedFactor * max_in_flight(); }

  // Attempts younger than kSlowAfterMs; `next_slow`: when the next of them turns slow.
  std::size_t active(std::int64_t now, std::int64_t* next_slow = nullptr) const {
    std::size_t n = 0;
    std::int64_t next = std::numeric_limits<std::int64_t>::max();
    for (const auto& [id, a] : attempts) {
      if (now - a.claimed_ms >= kSlowAfterMs) continue;
      ++n;
      next = std::min(next, a.claimed_ms + kSlowAfterMs);
    }
    if (next_slow != nullptr) *next_slow = next;
    return n;
  }
  // How many more attempts may start now.
  std::size_t room(std::int64_t now) const {
    const std::size_t act = active(now);
    if (act >= max_in_flight() || attempts.size() >= max_total()) return 0;
    return std::min(max_in_flight() - act, max_total() - attempts.size());
  }

  void run() {
    while (!stopping.load()) turn();
    // Shutdown: nothing in flight may keep its attempt (it never got an answer).
    fetcher.cancel_all();
    for (auto& f : fetcher.poll(std::chrono::milliseconds(0))) {
      const auto it = by_transfer.find(f.id);
      if (it != by_transfer.end()) release(it->second);
    }
    std::vector<std::string> left;
    for (const auto& [id, a] : attempts) left.push_back(id);
    for (const auto& id : left) release(id);
    flush();
  }

  void turn() {
    take_resolved();
    expire_resolving();
    const std::int64_t now = now_ms();
    const std::size_t r = room(now);
    const bool look =
        r > 0 && (was_full || wake_requested.exchange(false) || slot_freed || now >= next_look_ms);
    // The last turn's outcomes and the next claims: one commit.
    if (auto claimed = flush(look ? r : 0, now)) started(*claimed, now);
    was_full = room(now) == 0;
    flush();  // outcomes decided without the network (refusals, bad rows)
    for (auto& f : fetcher.poll(std::chrono::milliseconds(wait_ms()))) finished(f);
  }

  std::int64_t wait_ms() {
    const std::int64_t now = now_ms();
    std::int64_t until = now + kIdleLookMs;
    if (room(now) > 0) {
      until = std::min(until, next_look_ms);
    } else if (attempts.size() < max_total()) {
      std::int64_t next_slow = until;
      active(now, &next_slow);  // full of young attempts: room again when one turns slow
      until = std::min(until, next_slow);
    }
    for (const auto& [id, a] : attempts)
      if (a.resolving) until = std::min(until, a.deadline_ms);
    return std::clamp<std::int64_t>(until - now, 0, kIdleLookMs);
  }

  ClaimRequest claim_request(std::int64_t now, std::size_t room_now) const {
    ClaimRequest q;
    q.now_ms = now;
    q.lease_until_ms = now + ctx.config.webhook_timeout_ms + kLeaseGraceMs;
    q.max_messages = room_now;
    q.per_origin = max_per_origin();
    q.busy_origins = per_origin;
    q.max_attempts = ctx.config.retry.max_attempts;
    for (const auto& [id, a] : attempts) q.in_flight_ids.push_back(id);
    return q;
  }

  // A claim was committed: start its attempts, and decide when to look again.
  void started(ClaimResult& r, std::int64_t now) {
    slot_freed = false;
    for (auto& m : r.claimed) begin(std::move(m), now);

    // When to look again: the next message due outside the endpoints that are full.
    std::vector<std::string> full, ids;
    for (const auto& [origin, n] : per_origin)
      if (n >= max_per_origin()) full.push_back(origin);
    for (const auto& [id, a] : attempts) ids.push_back(id);
    const auto due = ctx.outbox.next_due(full, ids);
    next_look_ms = due ? std::max(*due, now + 5) : now + kIdleLookMs;
  }

  void begin(OutboxMessage m, std::int64_t now) {
    Attempt a;
    a.claimed_ms = now;
    a.deadline_ms = now + ctx.config.webhook_timeout_ms;
    const auto url = parse_http_url(m.url);
    if (!url) {  // validated at invite time; only a corrupted row gets here
      outcomes.push_back(
          {Outcome::failed, m, now, 0, "invalid webhook URL", "webhook.failed",
           "attempt " + std::to_string(m.attempts) + ": invalid webhook URL — giving up",
           "invalid webhook URL"});
      return;
    }
    a.url = *url;
    // IP literals and `localhost` are decided without DNS; a refusal cannot change by retrying.
    if (const auto why = policy.check_host(url->host)) {
      const std::string text =
          "destination refused: " + url->host + " — " + *why + " (--allow-private-webhooks is off)";
      outcomes.push_back({Outcome::failed, m, now, 0, text, "webhook.failed",
                          "attempt " + std::to_string(m.attempts) + ": " + text + " — giving up",
                          "destination refused"});
      return;
    }
    a.msg = std::move(m);
    const std::string id = a.msg.webhook_id;
    ++per_origin[a.msg.origin];
    const bool needs_dns = !policy.allow_private() && !parse_ip_literal_lenient(url->host);
    if (needs_dns) {
      a.resolving = true;
      resolver.submit(id, url->host, url->port);
      attempts.emplace(id, std::move(a));
    } else {
      auto& placed = attempts.emplace(id, std::move(a)).first->second;
      start_transfer(placed, {});
    }
    in_flight_count = attempts.size();
  }

  void start_transfer(Attempt& a, const std::vector<IpAddress>& pinned) {
    const std::int64_t now = now_ms();
    const std::int64_t ts = now / 1000;  // fresh per attempt, so receivers' tolerance holds
    http::ClientRequest req;
    req.method = "POST";
    req.url = a.msg.url;
    req.headers = {{"webhook-id", a.msg.webhook_id},
                   {"webhook-timestamp", std::to_string(ts)},
                   {"webhook-signature", secret.sign(a.msg.webhook_id, ts, a.msg.body)},
                   {"Content-Type", "application/json"},
                   {"User-Agent", "idv-demo-service/0.1"}};
    req.body = a.msg.body;
    req.timeout = std::chrono::milliseconds(std::max<std::int64_t>(1, a.deadline_ms - now));
    req.max_body = http::kMaxResponseBody;
    for (const auto& ip : pinned) req.pinned_addresses.push_back(ip.to_string());
    if (!policy.allow_private()) {
      // Defence in depth: whatever libcurl connects to must pass the policy too.
      req.allow_connect = [p = &policy](const sockaddr* s, socklen_t len) {
        return p->allows(s, len);
      };
    }
    a.resolving = false;
    a.transfer = fetcher.start(req);
    by_transfer[a.transfer] = a.msg.webhook_id;
  }

  void take_resolved() {
    std::vector<std::pair<std::string, Resolution>> batch;
    {
      const std::lock_guard lock(resolved_mutex);
      batch.swap(resolved);
    }
    for (auto& [id, r] : batch) {
      const auto it = attempts.find(id);
      if (it == attempts.end() || !it->second.resolving) continue;  // timed out meanwhile
      if (!r.ok()) {
        // A name's answer may change (or the DNS come back): an ordinary failed attempt.
        conclude(id, std::nullopt, r.error);
        continue;
      }
      if (now_ms() >= it->second.deadline_ms) {
        conclude(id, std::nullopt,
                 "timed out after " + seconds_text(ctx.config.webhook_timeout_ms) + " (DNS)");
        continue;
      }
      start_transfer(it->second, r.addresses);
    }
  }

  void expire_resolving() {
    const std::int64_t now = now_ms();
    std::vector<std::string> late;
    for (const auto& [id, a] : attempts)
      if (a.resolving && now >= a.deadline_ms) late.push_back(id);
    for (const auto& id : late)
      conclude(id, std::nullopt,
               "timed out after " + seconds_text(ctx.config.webhook_timeout_ms) + " (DNS)");
  }

  void finished(http::MultiFetcher::Finished& f) {
    const auto it = by_transfer.find(f.id);
    if (it == by_transfer.end()) return;
    const std::string id = it->second;
    by_transfer.erase(it);
    const auto& res = f.response;
    if (res.error == http::FetchError::aborted) return release(id);
    std::string text;
    if (res.answered()) {
      text = "HTTP " + std::to_string(res.status);
      if (res.status >= 300 && res.status < 400) text += " (redirects are not followed)";
      text += " after " + seconds_text(res.elapsed.count());
      if (res.truncated) text += ", answer cut at 64 KiB";
      conclude(id, res.status, text);
    } else {
      text = res.error_text;
      if (res.error != http::FetchError::timeout)
        text += " after " + seconds_text(res.elapsed.count());
      conclude(id, std::nullopt, text);
    }
  }

  // The attempt is over: decide delivered / disabled / retry / failed and queue the write.
  void conclude(const std::string& id, std::optional<int> status, const std::string& text) {
    const auto it = attempts.find(id);
    if (it == attempts.end()) return;
    OutboxMessage m = std::move(it->second.msg);
    forget(it, m.origin);
    const std::int64_t done = now_ms();
    const std::string attempt = "attempt " + std::to_string(m.attempts);
    const int code = status.value_or(0);
    if (code >= 200 && code < 300) {
      outcomes.push_back({Outcome::delivered, m, done, 0, text, "webhook.delivered",
                          attempt + ": " + text + " — delivered", "delivered (" + text + ")",
                          code});
      return;
    }
    if (code == 410) {
      outcomes.push_back({Outcome::disabled, m, done, 0, text, "webhook.disabled",
                          attempt + ": " + text + " — endpoint disabled", "410, endpoint disabled",
                          code});
      return;
    }
    const double u = std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
    const auto delay = retry_delay_ms(ctx.config.retry, m.attempts, u);
    if (!delay) {
      outcomes.push_back({Outcome::failed, m, done, 0, text, "webhook.failed",
                          attempt + ": " + text + " — giving up",
                          "failed (" + text + "), giving up", code});
      return;
    }
    outcomes.push_back({Outcome::retry, m, done, done + *delay, text, "webhook.attempt",
                        attempt + ": " + text + " — retry in " + seconds_text(*delay),
                        "failed (" + text + "), retry in " + seconds_text(*delay), code});
  }

  // Shutdown: the attempt never got an answer; give it back.
  void release(const std::string& id) {
    const auto it = attempts.find(id);
    if (it == attempts.end()) return;
    OutboxMessage m = std::move(it->second.msg);
    forget(it, m.origin);
    outcomes.push_back({Outcome::release, m, now_ms(), 0, "", "", "", ""});
  }

  // `origin`: the attempt's (its message may have been moved out already).
  void forget(std::map<std::string, Attempt>::iterator it, const std::string& origin) {
    if (it->second.transfer != 0) by_transfer.erase(it->second.transfer);
    const auto o = per_origin.find(origin);
    if (o != per_origin.end() && --o->second == 0) per_origin.erase(o);
    attempts.erase(it);
    in_flight_count = attempts.size();
    slot_freed = true;
  }

  // Records the outcomes, and claims up to `claim_room` messages in the same transaction (one
  // commit, one fsync per turn). Returns the claim when one was made and committed.
  std::optional<ClaimResult> flush(std::size_t claim_room = 0, std::int64_t now = 0) {
    if (outcomes.empty() && claim_room == 0) return std::nullopt;
    std::vector<Outcome> batch;
    batch.swap(outcomes);
    std::vector<const Outcome*> applied;
    std::optional<ClaimResult> claimed;
    {
      const std::lock_guard lock(ctx.db->mutex());
      Transaction tx(*ctx.db);
      for (const auto& o : batch) {
        bool ok = false;
        const auto& id = o.msg.webhook_id;
        switch (o.kind) {
          case Outcome::delivered:
            ok = ctx.outbox.mark_delivered_locked(id, o.msg.attempts, o.result, o.http_status);
            break;
          case Outcome::retry:
            ok = ctx.outbox.schedule_retry_locked(id, o.msg.attempts, o.next_ms, o.result,
                                                  o.http_status);
            break;
          case Outcome::failed:
            ok = ctx.outbox.mark_failed_locked(id, o.msg.attempts, o.result, o.http_status);
            break;
          case Outcome::disabled:
            ok =
                ctx.outbox.disable_endpoint_locked(id, o.msg.url, o.result, o.at_ms, o.http_status);
            break;
          case Outcome::release: ctx.outbox.release_locked(id, o.msg.attempts, o.at_ms); break;
        }
        // Not applied: the message changed meanwhile (deleted session, redelivery, a 410
        // from another attempt); its newer state stands and this outcome is dropped.
        if (!ok || o.kind == Outcome::release) continue;
        ctx.events.add_locked(o.msg.ref, o.at_ms, o.event_kind, o.event_detail);
        applied.push_back(&o);
      }
      if (claim_room > 0) {
        claimed = ctx.outbox.claim_locked(claim_request(now, claim_room));
        for (const auto& m : claimed->gave_up)
          ctx.events.add_locked(m.ref, now, "webhook.failed",
                                "attempt " + std::to_string(m.attempts) +
                                    " was interrupted and was the last one — giving up");
        for (const auto& m : claimed->disabled)
          ctx.events.add_locked(m.ref, now, "webhook.disabled",
                                "endpoint disabled earlier (HTTP 410): not sent");
      }
      if (!tx.commit()) {
        log_line("webhook", "could not record " + std::to_string(batch.size()) +
                                " outcome(s); the leases will run out and the attempts repeat");
        if (claim_room > 0) next_look_ms = now + kIdleLookMs;  // nothing was leased
        return std::nullopt;
      }
    }
    for (const auto* o : applied)
      log_line("webhook",
               o->msg.webhook_id + " attempt " + std::to_string(o->msg.attempts) + " " + o->log);
    if (claimed) {
      for (const auto& m : claimed->gave_up)
        log_line("webhook", m.webhook_id + " out of attempts (interrupted), giving up");
      for (const auto& m : claimed->disabled)
        log_line("webhook", m.webhook_id + " not sent: endpoint disabled");
    }
    return claimed;
  }
};

Dispatcher::Dispatcher(ServiceContext& ctx, idv::completion::WebhookSecret secret)
    : impl_(std::make_unique<Impl>(ctx, std::move(secret))) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::start(int /*legacy_threads*/) {
  if (impl_->loop.joinable()) return;
  impl_->resolver.start(kResolverThreads);
  impl_->loop = std::thread([this] { impl_->run(); });
}

void Dispatcher::wake() {
  impl_->wake_requested = true;
  impl_->fetcher.wakeup();
}

void Dispatcher::stop() {
  impl_->stopping = true;
  impl_->fetcher.wakeup();
  if (impl_->loop.joinable()) impl_->loop.join();
  impl_->resolver.stop();
}

std::size_t Dispatcher::in_flight() const {
  return impl_->in_flight_count.load();
}

}  // namespace idv::demo
