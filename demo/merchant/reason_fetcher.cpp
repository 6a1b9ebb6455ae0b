#include "merchant/reason_fetcher.hpp"

#include "common/log.hpp"
#include "merchant/service_client.hpp"

namespace idv::demo {

std::vector<std::string> reasons_from_service_events(const nlohmann::json& body) {
  std::vector<std::string> out;
  if (!body.is_object() || !body.contains("events") || !body["events"].is_array()) return out;
  for (const auto& e : body["events"]) {
    if (!e.is_object() || !e.contains("kind") || !e["kind"].is_string() || !e.contains("detail") ||
        !e["detail"].is_string())
      continue;
    const auto& kind = e["kind"].get_ref<const std::string&>();
    if (kind == "phase2.verdict" || kind == "session.failed")
      out.push_back(e["detail"].get<std::string>());
  }
  return out;
}

ReasonFetcher::ReasonFetcher(const MerchantConfig& config, OrderStore& orders)
    : config_(config), orders_(orders) {}

ReasonFetcher::~ReasonFetcher() {
  stop();
}

void ReasonFetcher::start() {
  if (thread_.joinable()) return;
  for (const auto& o : orders_.missing_reasons(kMaxQueued)) request(o.id, o.tracking_ref);
  thread_ = std::jthread([this](const std::stop_token& st) { run(st); });
}

void ReasonFetcher::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void ReasonFetcher::request(const std::string& order_id, const std::string& tracking_ref) {
  {
    const std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxQueued) return;
    queue_.push_back({order_id, tracking_ref});
  }
  wake_.notify_one();
}

void ReasonFetcher::run(const std::stop_token& stop) {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      if (!wake_.wait(lock, stop, [this] { return !queue_.empty(); })) return;  // stopping
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    fetch(job);
  }
}

void ReasonFetcher::fetch(const Job& job) {
  const auto reply = fetch_service_events(config_, job.tracking_ref);
  if (reply.status != 200) {
    log_line("reasons", "order " + short_ref(job.order_id) +
                            ": could not read the service's timeline (" + reply.error + ")");
    return;
  }
  const auto reasons = reasons_from_service_events(reply.body);
  if (!reasons.empty() && !orders_.add_reasons(job.order_id, reasons))
    log_line("reasons", "order " + short_ref(job.order_id) + ": could not store the reasons");
}

}  // namespace idv::demo
