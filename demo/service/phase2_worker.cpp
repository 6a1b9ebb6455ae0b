#include "service/phase2_worker.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "completion/risk_assessment.hpp"
#include "completion/standard_webhooks.hpp"
#include "service/outcome_rule.hpp"

namespace idv::demo {
namespace {

std::string json_string(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

CustomerData customer_from(const std::string& details_json) {
  const auto d = nlohmann::json::parse(details_json, nullptr, false);
  if (!d.is_object()) return {};
  return {json_string(d, "firstName"), json_string(d, "lastName"), json_string(d, "dateOfBirth"),
          json_string(d, "documentNumber")};
}

}  // namespace

void Phase2Worker::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      tick(now_ms());
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(ctx_.config.tick_ms), [this] { return stopping_; });
    }
  });
}

void Phase2Worker::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Phase2Worker::tick(std::int64_t now) {
  expire(now);
  for (const auto& s : ctx_.sessions.due_for_phase2(now)) assess_session(s, now);
}

void Phase2Worker::expire(std::int64_t now) {
  for (const auto& ref : ctx_.sessions.due_for_expiry(now)) {
    if (ctx_.sessions.transition(ref, {"PENDING", "IN_PROGRESS"}, "EXPIRED", now)) {
      ctx_.events.add(ref, now, "session.expired", "reference expired before data entry finished");
      log_line("phase2", ref + " expired");
    }
  }
}

void Phase2Worker::assess_session(const Session& s, std::int64_t now) {
  const auto customer = customer_from(s.details);
  const auto verdicts = assess(customer, rfc3339(now).substr(0, 10));
  const auto stage = static_cast<std::size_t>(s.phase2_stage);
  if (stage >= verdicts.size()) {  // nothing left (defensive; stage 2 is never selected)
    const std::lock_guard lock(ctx_.db->mutex());
    ctx_.sessions.set_phase2(s.ref, 2, now);
    return;
  }
  const Verdict& v = verdicts[stage];
  const auto id = idv::completion::generate_message_id();
  if (!id) return;  // CSPRNG hiccup: try again next tick

  idv::completion::RiskAssessmentUpdated event;
  event.timestamp = rfc3339(now);
  event.tracking_reference = s.ref;
  event.reference_data = s.reference_data;
  event.assessment_status = v.assessment_status;
  event.risk_level = v.risk_level;
  event.customer_name = customer.first_name + (customer.last_name.empty() ? "" : " " + customer.last_name);
  event.final = v.final;

  const bool more = stage + 1 < verdicts.size();
  bool committed = false;
  {
    // The verdict, its webhook and the stage change commit together or not at all: a crash
    // here either redoes the assessment or has already queued exactly one message.
    const std::lock_guard lock(ctx_.db->mutex());
    Transaction tx(*ctx_.db);
    if (tx.began() &&
        ctx_.outbox.enqueue_locked({*id, s.ref, s.webhook_url, idv::completion::to_json(event), 0}, now) &&
        ctx_.sessions.set_phase2(s.ref, more ? static_cast<std::int64_t>(stage) + 1 : 2,
                                 more ? now + ctx_.config.review_delay_ms : now)) {
      ctx_.events.add_locked(s.ref, now, "phase2.verdict",
                             std::string(stage == 0 ? "automatic" : "manual") + " verdict: " +
                                 v.assessment_status + ", risk " + v.risk_level + " (" + v.reason +
                                 (v.final ? ")" : "; manual review follows)"));
      ctx_.events.add_locked(s.ref, now, "webhook.queued", "RISK_ASSESSMENT_UPDATED queued as " + *id);
      committed = tx.commit();
    }
  }
  if (!committed) {
    log_line("phase2", s.ref + ": could not store the verdict; will retry");
    return;
  }
  log_line("phase2", s.ref + " verdict " + v.risk_level + " queued as " + *id);
  if (ctx_.wake_dispatcher) ctx_.wake_dispatcher();
}

}  // namespace idv::demo
