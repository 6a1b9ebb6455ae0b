#include "service/phase2_worker.hpp"

#include <nlohmann/json.hpp>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "completion/standard_webhooks.hpp"
#include "service/data_entry.hpp"
#include "service/phase2_verdicts.hpp"
#include "service/status_document.hpp"
#include "service/webhook_bodies.hpp"

namespace idv::demo {
namespace {

std::string json_string(const nlohmann::json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

CustomerData customer_from(const Session& s) {
  const auto d = nlohmann::json::parse(s.details, nullptr, false);
  if (!d.is_object()) return {};
  CustomerData c{json_string(d, "firstName"), json_string(d, "lastName"),
                 json_string(d, "dateOfBirth"), json_string(d, "documentNumber")};
  if (const auto it = d.find("ageOver18"); it != d.end() && it->is_boolean())
    c.age_over_18 = it->get<bool>();
  c.wallet = verification_method_of(s.status, s.details) == VerificationMethod::wallet;
  return c;
}

}  // namespace

void Phase2Worker::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      tick(now_ms());
      lock.lock();
      cv_.wait_for(lock, std::chrono::milliseconds(ctx_.config.tick_ms),
                   [this] { return stopping_; });
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
    // close() also makes Phase 2 due: formats with an expiry callback send it from there.
    if (ctx_.sessions.close(ref, {"PENDING", "IN_PROGRESS"}, "EXPIRED", "expired", now)) {
      ctx_.events.add(ref, now, "session.expired", "reference expired before data entry finished");
      log_line("phase2", short_ref(ref) + " expired");
    }
  }
}

void Phase2Worker::assess_session(const Session& s, std::int64_t now) {
  const auto format =
      parse_webhook_format(s.webhook_format).value_or(WebhookFormat::risk_assessment);
  const auto verdicts = phase2_verdicts(format, s.status, s.close_reason, customer_from(s),
                                        rfc3339(now).substr(0, 10));
  const auto stage = static_cast<std::size_t>(s.phase2_stage);
  if (stage >= verdicts.size()) {  // nothing (left) to send, e.g. contract 2 on expiry
    const std::lock_guard lock(ctx_.db->mutex());
    ctx_.sessions.set_phase2(s.ref, s.phase2_stage, 2, now);
    return;
  }
  const Phase2Verdict& v = verdicts[stage];
  const auto id = idv::completion::generateMessageId();
  if (!id) return;  // CSPRNG hiccup: try again next tick

  const std::int64_t auto_finish = stage == 0 ? now : s.auto_finish_ms;
  const std::string body = webhook_body(format, {s, v, now, auto_finish, ctx_.config.public_base});
  const std::string label(webhook_label(format));
  // In the format's own words: what the merchant will read in the body.
  const std::string& word = format == WebhookFormat::risk_assessment  ? v.assessment_status
                            : format == WebhookFormat::identification ? v.overall
                                                                      : v.doc_status;
  const std::string verdict_text = word + (v.risk_level.empty() ? "" : ", risk " + v.risk_level);
  const bool more = stage + 1 < verdicts.size();
  bool committed = false, stage_moved = false;
  {
    // The verdict, its webhook and the stage change commit together or not at all: a crash
    // here either redoes the assessment or has already queued exactly one message.
    const std::lock_guard lock(ctx_.db->mutex());
    Transaction tx(*ctx_.db);
    if (tx.began() && ctx_.outbox.enqueue_locked({*id, s.ref, s.webhook_url, body, 0}, now) &&
        (stage_moved = ctx_.sessions.set_phase2(s.ref, s.phase2_stage,
                                                more ? static_cast<std::int64_t>(stage) + 1 : 2,
                                                more ? now + ctx_.config.review_delay_ms : now)) &&
        ctx_.sessions.set_phase2_doc(s.ref, next_phase2_doc(s, v, now), auto_finish)) {
      ctx_.events.add_locked(s.ref, now, "phase2.verdict",
                             std::string(v.manual ? "manual" : "automatic") +
                                 " verdict: " + verdict_text + " (" + v.reason +
                                 (v.final ? ")" : "; manual review follows)"));
      ctx_.events.add_locked(s.ref, now, "webhook.queued", label + " queued as " + *id);
      committed = tx.commit();
    }
  }
  if (!committed) {
    // The stage had moved on: another instance's worker assessed this step first (its
    // transaction stands, ours rolled back with its copy of the webhook). Nothing to retry.
    if (!stage_moved && ctx_.sessions.find(s.ref).value_or(s).phase2_stage != s.phase2_stage)
      return;
    log_line("phase2", short_ref(s.ref) + ": could not store the verdict; will retry");
    return;
  }
  log_line("phase2", short_ref(s.ref) + " " + verdict_text + ": " + label + " queued as " + *id);
  if (ctx_.wake_dispatcher) ctx_.wake_dispatcher();
}

}  // namespace idv::demo
