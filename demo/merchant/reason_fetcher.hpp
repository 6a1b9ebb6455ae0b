#pragma once
// Fetches the reasons behind a decision for the back office, off the request path.
//
// The webhook says *what* was decided (risk level, status); the service's timeline of the
// session (GET /v1/user/{ref}/events, API key) says *why* ("sanctions list match", "maximum
// attempts reached"). The webhook handler only queues the order here and answers at once; one
// background thread asks the service and stores the lines with the order (OrderStore::
// add_reasons). They are shown on /admin only, never to the customer (customer_view.hpp).
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "merchant/config.hpp"
#include "merchant/order_store.hpp"

namespace idv::demo {

// The reason lines in a service timeline ({"events":[{"kind","detail"},…]}): the verdicts and
// why a session failed, in order.
std::vector<std::string> reasons_from_service_events(const nlohmann::json& body);

class ReasonFetcher {
 public:
  ReasonFetcher(const MerchantConfig& config, OrderStore& orders);
  ~ReasonFetcher();  // stops and joins the thread
  ReasonFetcher(const ReasonFetcher&) = delete;
  ReasonFetcher& operator=(const ReasonFetcher&) = delete;

  // Starts the thread and queues the orders that have a decision but no reasons yet.
  void start();
  // Queues one order (non-blocking; a full queue drops the request: the next start() or
  // webhook for the order asks again).
  void request(const std::string& order_id, const std::string& tracking_ref);
  void stop();

 private:
  struct Job {
    std::string order_id;
    std::string tracking_ref;
  };
  void run(const std::stop_token& stop);
  void fetch(const Job& job);

  const MerchantConfig& config_;
  OrderStore& orders_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Job> queue_;
  std::jthread thread_;
  static constexpr std::size_t kMaxQueued = 1000;
};

}  // namespace idv::demo
