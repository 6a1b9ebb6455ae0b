// The merchant's webhook intake (demo/merchant/webhook_receiver.hpp: POST /webhooks/idv) end
// to end: Standard Webhooks verification, the three formats, dedupe and the decision ledger in
// SQLite — against an in-memory database emptied before each input, holding one order for
// each reference the seed bodies use.
//
// Input: deliveries separated by 0x00 bytes. Per delivery: one byte of mode (low two bits:
// 0 signed, 1 signed with another secret, 2 signed ten minutes ago, 3 no signature headers),
// one byte naming the webhook-id ("msg_<n>"), then the body.
//
// Properties: nothing crashes; every answer is one of the documented statuses with a JSON
// object body; an unverified delivery changes nothing; a final decision never changes; an
// accepted delivery sent again is acknowledged as a duplicate and stores nothing.
#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlite.hpp"
#include "completion/standard_webhooks.hpp"
#include "fuzz_check.hpp"
#include "merchant/config.hpp"
#include "merchant/order_store.hpp"
#include "merchant/reason_fetcher.hpp"
#include "merchant/webhook_receiver.hpp"

namespace demo = idv::demo;
namespace cw = idv::completion;

namespace {

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kOtherSecret = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAA";
// The references of tests/fuzz/corpus/{risk_assessment,identification_callback,thin_webhook}.
const std::vector<std::string> kRefs = {"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10", "scan-ref", "s",
                                        "idf_4b1c2e"};

demo::MerchantConfig config() {
  demo::MerchantConfig c;
  c.webhook_secret = kSecret;
  // Thin webhooks fetch from the service: nothing listens on the discard port, so the fetch
  // fails fast and the intake answers 503 (retry later), as it must.
  c.service_base = "http://127.0.0.1:9";
  c.service_timeout_ms = 200;
  return c;
}

// The receiver logs every rejected delivery to stderr: at thousands of runs a second that
// would drown the fuzzer's own output. Sanitizer reports still reach the real stderr.
class QuietStderr {
 public:
  QuietStderr() {
    if (std::getenv("IDV_FUZZ_LOGS") != nullptr) return;
    saved_ = dup(2);
    const int null = open("/dev/null", O_WRONLY);
    if (saved_ < 0 || null < 0) return;
    __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<std::intptr_t>(saved_)));
    dup2(null, 2);
    close(null);
  }
  ~QuietStderr() {
    if (saved_ < 0) return;
    dup2(saved_, 2);
    close(saved_);
    __sanitizer_set_report_fd(reinterpret_cast<void*>(static_cast<std::intptr_t>(2)));
  }
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int saved_ = -1;
};

struct Delivery {
  int mode = 0;
  std::string id;
  std::string body;
};

std::vector<Delivery> split(std::string_view input) {
  std::vector<Delivery> out;
  while (!input.empty() && out.size() < 8) {
    const auto end = input.find('\0');
    const std::string_view chunk = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    if (chunk.size() < 2) continue;
    out.push_back({static_cast<unsigned char>(chunk[0]) & 3,
                   "msg_" + std::to_string(static_cast<unsigned char>(chunk[1])),
                   std::string(chunk.substr(2))});
  }
  return out;
}

demo::http::Request request(const Delivery& d) {
  demo::http::Request req;
  req.method = "POST";
  req.target = req.path = "/webhooks/idv";
  req.body = d.body;
  req.headers.emplace("Content-Type", "application/json");
  if (d.mode == 3) return req;
  const std::int64_t now = std::time(nullptr);
  const std::int64_t ts = d.mode == 2 ? now - 600 : now;
  const auto signature = cw::sign(d.mode == 1 ? kOtherSecret : kSecret, d.id, ts, d.body);
  IDV_FUZZ_CHECK(signature.has_value());
  req.headers.emplace("webhook-id", d.id);
  req.headers.emplace("webhook-timestamp", std::to_string(ts));
  req.headers.emplace("webhook-signature", *signature);
  return req;
}

using Decisions = std::map<std::string, std::optional<cw::VerificationDecision>>;
Decisions decisions(demo::OrderStore& orders) {
  Decisions out;
  for (const auto& ref : kRefs) {
    const auto order = orders.find_by_tracking(ref);
    IDV_FUZZ_CHECK(order.has_value());
    out[ref] = order->decision;
  }
  return out;
}

nlohmann::json answer(const demo::http::Response& res) {
  IDV_FUZZ_CHECK(res.status == 200 || res.status == 202 || res.status == 400 || res.status == 401 ||
                 res.status == 502 || res.status == 503);
  IDV_FUZZ_CHECK(res.get_header_value("Content-Type").starts_with("application/json"));
  const auto body = nlohmann::json::parse(res.body, nullptr, false);
  IDV_FUZZ_CHECK(!body.is_discarded() && body.is_object());
  return body;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto deliveries = split(std::string_view(reinterpret_cast<const char*>(data), size));
  if (deliveries.empty()) return 0;

  // One in-memory database, emptied before each input (the schema is built once: migrating
  // per input cost most of the run time), so every input starts from the same state.
  static const std::unique_ptr<demo::Db> db = [] {
    std::string error;
    auto d = demo::Db::open(":memory:", error);
    IDV_FUZZ_CHECK(d != nullptr);
    IDV_FUZZ_CHECK(demo::OrderStore(*d).migrate());
    return d;
  }();
  {
    std::vector<std::string> tables;
    auto st = db->prepare("SELECT name FROM sqlite_master WHERE type='table'");
    while (st.step() == SQLITE_ROW) tables.push_back(st.text(0));
    for (const auto& t : tables)
      if (!t.starts_with("sqlite_")) IDV_FUZZ_CHECK(db->exec("DELETE FROM \"" + t + "\""));
  }
  demo::OrderStore orders(*db);
  for (std::size_t i = 0; i < kRefs.size(); ++i) {
    demo::Order order;
    order.id = "order-" + std::to_string(i);
    order.reference_data = "ref-" + std::to_string(i);
    order.tracking_ref = kRefs[i];
    order.created_ms = 1'000'000;
    IDV_FUZZ_CHECK(orders.create(order));
  }
  const demo::MerchantConfig c = config();
  demo::ReasonFetcher reasons(c, orders);  // not started: requests only queue

  for (const auto& d : deliveries) {
    const Decisions before = decisions(orders);
    const std::int64_t seen_before = orders.webhook_count();
    demo::http::Response res;
    {
      const QuietStderr quiet;
      demo::handle_webhook(request(d), res, c, orders, reasons);
    }
    const auto body = answer(res);
    const Decisions after = decisions(orders);
    if (d.mode != 0) {  // not verified: refused, and nothing changed
      IDV_FUZZ_CHECK(res.status == 400 || res.status == 401);
      IDV_FUZZ_CHECK(after == before && orders.webhook_count() == seen_before);
      continue;
    }
    IDV_FUZZ_CHECK(res.status != 401);
    for (const auto& ref : kRefs)
      if (before.at(ref) && before.at(ref)->final) IDV_FUZZ_CHECK(after.at(ref) == before.at(ref));
    if (res.status != 200) continue;
    // Accepted (stored, kept or duplicate): the same delivery again is a duplicate.
    demo::http::Response again;
    const std::int64_t seen = orders.webhook_count();
    {
      const QuietStderr quiet;
      demo::handle_webhook(request(d), again, c, orders, reasons);
    }
    const auto again_body = answer(again);
    IDV_FUZZ_CHECK(again.status == 200 && again_body.value("duplicate", false));
    IDV_FUZZ_CHECK(orders.webhook_count() == seen && decisions(orders) == after);
  }
  return 0;
}
